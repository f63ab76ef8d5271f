/**
 * Per-principal role sessions against a fake STS (AssumeRole cannot run here): what is asked of
 * STS, and the cache per principal and instance. The Bedrock clients are fakes that only hold their
 * credentials provider.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { AssumeRoleCommand, AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import { createPrincipalSessions, type SessionCredentialsProvider } from '../../../lambda/audit/principal-sessions';

const ROLE = 'arn:aws:iam::123456789012:role/GatewayAudit';

function fakeSts(lifetimeMs = 3_600_000, clock: { ms: number } = { ms: Date.now() }) {
  const calls: AssumeRoleCommand['input'][] = [];
  return {
    calls,
    send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
      calls.push(command.input);
      const n = calls.length;
      return Promise.resolve({
        $metadata: {},
        Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(clock.ms + lifetimeMs) },
      });
    },
  };
}

const fakeClient = (region: string | undefined, credentials: SessionCredentialsProvider) => ({ region, credentials }) as unknown as BedrockRuntimeClient;

describe('principal sessions', () => {
  it('assumes the audit role with the principal as source identity and session name', async () => {
    const sts = fakeSts();
    const sessions = createPrincipalSessions({ roleArn: ROLE, sts, createClient: fakeClient });

    const credentials = await sessions.credentialsFor({ kind: 'iam', id: 'arn:aws:iam::123456789012:role/Analytics' })();

    expect(sts.calls).toEqual([{ RoleArn: ROLE, RoleSessionName: 'gw-role.Analytics@123456789012', SourceIdentity: 'role.Analytics@123456789012', DurationSeconds: 3600 }]);
    expect(credentials).toMatchObject({ accessKeyId: 'ASIA1', secretAccessKey: 'secret-1', sessionToken: 'token-1' });
  });

  it('reuses a principal\'s credentials until 5 minutes before they expire, then renews them once', async () => {
    const clock = { ms: 0 };
    const sts = fakeSts(3_600_000, clock);
    const sessions = createPrincipalSessions({ roleArn: ROLE, sts, createClient: fakeClient, now: () => clock.ms });
    const alice = sessions.credentialsFor({ kind: 'key', id: 'key_alice' });

    await Promise.all([alice(), alice(), alice()]);
    clock.ms = 3_600_000 - 300_001;
    await alice();
    expect(sts.calls).toHaveLength(1);

    clock.ms = 3_600_000 - 300_000;
    const renewed = await Promise.all([alice(), alice()]);
    expect(sts.calls).toHaveLength(2);
    expect(renewed.map((one) => one.accessKeyId)).toEqual(['ASIA2', 'ASIA2']);
  });

  it('keeps one session per principal and one client per principal and Region', async () => {
    const sts = fakeSts();
    const sessions = createPrincipalSessions({ roleArn: ROLE, sts, createClient: fakeClient });
    const alice = { kind: 'key', id: 'key_alice' };

    expect(sessions.clientFor(alice, undefined)).toBe(sessions.clientFor(alice, undefined));
    expect(sessions.clientFor(alice, 'eu-west-1')).not.toBe(sessions.clientFor(alice, undefined));
    await (sessions.clientFor(alice, undefined) as unknown as { credentials: SessionCredentialsProvider }).credentials();
    await (sessions.clientFor(alice, 'eu-west-1') as unknown as { credentials: SessionCredentialsProvider }).credentials();
    await sessions.credentialsFor({ kind: 'key', id: 'key_bob' })();

    expect(sts.calls.map((call) => call.SourceIdentity)).toEqual(['key_alice', 'key_bob']);
  });

  it('forgets the least recently used principals beyond its limit', async () => {
    const sts = fakeSts();
    const sessions = createPrincipalSessions({ roleArn: ROLE, sts, createClient: fakeClient, maxPrincipals: 2 });
    const ask = (id: string) => sessions.credentialsFor({ kind: 'key', id })();

    await ask('key_a');
    await ask('key_b');
    await ask('key_a');
    await ask('key_c'); // key_b goes
    await ask('key_a');
    await ask('key_b'); // assumed again

    expect(sts.calls.map((call) => call.SourceIdentity)).toEqual(['key_a', 'key_b', 'key_c', 'key_b']);
  });

  it('tries again after STS fails', async () => {
    let fail = true;
    const calls: string[] = [];
    const sts = {
      send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput> {
        calls.push(command.input.SourceIdentity ?? '');
        if (fail) return Promise.reject(Object.assign(new Error('AccessDenied'), { name: 'AccessDenied' }));
        return Promise.resolve({ $metadata: {}, Credentials: { AccessKeyId: 'ASIA', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3_600_000) } });
      },
    };
    const alice = createPrincipalSessions({ roleArn: ROLE, sts, createClient: fakeClient }).credentialsFor({ kind: 'key', id: 'key_alice' });

    await expect(alice()).rejects.toThrow('AccessDenied');
    fail = false;
    await expect(alice()).resolves.toMatchObject({ accessKeyId: 'ASIA' });
    expect(calls).toHaveLength(2);
  });
});
