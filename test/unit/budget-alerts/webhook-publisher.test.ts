import { renderAlertMessage } from '../../../lambda/budget-alerts/alert-message';
import { createWebhookPublisher } from '../../../lambda/budget-alerts/webhook-publisher';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';

const message = renderAlertMessage({
  subject: { kind: 'team', id: 'search' },
  period: 'day',
  periodKey: '2026-12-05',
  thresholdPercent: 100,
  spentNanoUsd: 5_000_000_000,
  limitNanoUsd: 5_000_000_000,
  at: '2026-12-05T10:00:00.000Z',
});

let receiver: WebhookReceiver;
beforeEach(async () => {
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

describe('webhook publisher', () => {
  it('POSTs the alert JSON to a local receiver when private networks are allowed', async () => {
    await createWebhookPublisher({ url: receiver.url, allowPrivateNetworks: true }).publish(message);
    expect(receiver.received).toEqual([message.payload]);
  });

  it.each([
    { rule: 'loopback', addresses: ['127.0.0.1'] },
    { rule: 'the EC2 metadata endpoint (link-local)', addresses: ['169.254.169.254'] },
    { rule: 'private ranges', addresses: ['10.0.0.5', '192.168.1.1'] },
    { rule: 'IPv6 unique-local (EC2 IPv6 metadata)', addresses: ['fd00:ec2::254'] },
  ])('fails, without connecting, for a host that resolves only to $rule', async ({ addresses }) => {
    const publisher = createWebhookPublisher({ url: 'https://hooks.example.com/budget', resolveHost: () => Promise.resolve(addresses) });
    await expect(publisher.publish(message)).rejects.toThrow(/has no public address/);
  });

  it('fails for an IP-literal URL on a private address', async () => {
    const publisher = createWebhookPublisher({ url: 'https://169.254.169.254/latest/meta-data' });
    await expect(publisher.publish(message)).rejects.toThrow(/has no public address/);
  });

  it.each([
    { status: 500, error: /HTTP 500/ },
    { status: 302, error: /HTTP 302 \(redirects are not followed\)/ },
  ])('fails when the receiver answers $status', async ({ status, error }) => {
    receiver.answer(status);
    await expect(createWebhookPublisher({ url: receiver.url, allowPrivateNetworks: true }).publish(message)).rejects.toThrow(error);
  });

  it('fails after its time limit when the receiver never answers', async () => {
    receiver.answer('hang');
    await expect(createWebhookPublisher({ url: receiver.url, allowPrivateNetworks: true, timeoutMs: 200 }).publish(message)).rejects.toThrow(
      /timed out after 200 ms/,
    );
  });

  it.each([
    { url: 'http://hooks.example.com/budget', error: /must be https/ },
    { url: 'not a url', error: /not a URL/ },
    { url: 'https://user:secret@hooks.example.com/', error: /must not carry credentials/ },
  ])('throws at construction for $url', ({ url, error }) => {
    expect(() => createWebhookPublisher({ url })).toThrow(error);
  });
});
