/** @module How the benchmark counts DynamoDB round trips: calls in flight together cost one. */
import { countRoundTrips, type ProxiedCall } from '../../../local/bench/dynamodb-delay-proxy';

const call = (startedAt: number, endedAt: number): ProxiedCall => ({ operation: 'GetItem', startedAt, endedAt });

describe('countRoundTrips', () => {
  it.each([
    { rule: 'no call, no round trip', calls: [], trips: 0 },
    { rule: 'one call is one round trip', calls: [call(0, 5)], trips: 1 },
    { rule: 'calls one after another are one each', calls: [call(0, 5), call(6, 10), call(11, 15), call(16, 20)], trips: 4 },
    { rule: 'calls issued together are one', calls: [call(0, 5), call(0.1, 5.2), call(0.2, 4.9)], trips: 1 },
    { rule: 'a call started while another is in flight joins its trip', calls: [call(0, 5), call(4, 9), call(10, 12)], trips: 2 },
    { rule: 'order of the log does not matter', calls: [call(10, 12), call(0, 5), call(4, 9)], trips: 2 },
    { rule: 'a call still in flight keeps the trip open', calls: [{ operation: 'UpdateItem', startedAt: 0 }, call(50, 60)], trips: 1 },
  ])('$rule', ({ calls, trips }) => {
    expect(countRoundTrips(calls)).toBe(trips);
  });
});
