import { startKeepAlive } from '../../../lambda/resilience/keep-alive';

describe('startKeepAlive', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('sends after each interval of silence, not while writes keep coming, and never after stop', async () => {
    const send = jest.fn(async () => undefined);
    const keepAlive = startKeepAlive(1000, send);

    await jest.advanceTimersByTimeAsync(900);
    keepAlive.touch();
    await jest.advanceTimersByTimeAsync(900);
    expect(send).not.toHaveBeenCalled();

    await jest.advanceTimersByTimeAsync(100);
    expect(send).toHaveBeenCalledTimes(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(send).toHaveBeenCalledTimes(2);

    keepAlive.stop();
    await jest.advanceTimersByTimeAsync(5000);
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('does nothing with an interval of 0', async () => {
    const send = jest.fn(async () => undefined);
    startKeepAlive(0, send);

    await jest.advanceTimersByTimeAsync(60_000);
    expect(send).not.toHaveBeenCalled();
  });
});
