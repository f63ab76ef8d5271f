/** @module One reviewed snapshot of the default template; every property that matters has its own assertion elsewhere. */
import { synthGateway } from './support';

describe('default template', () => {
  it('matches the reviewed snapshot (update with `npx jest test/infra/snapshot -u` and review the diff)', () => {
    const { template } = synthGateway({}, 'Snapshot');
    expect(template.toJSON()).toMatchSnapshot();
  });
});
