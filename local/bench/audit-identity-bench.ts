/**
 * @module The cost of `auditIdentity` (issue 16 item 7): each principal's Bedrock calls made in an
 * STS role session of its own (lambda/audit/principal-sessions.ts, as the gateway builds it). Measured
 * in the load generator's process against the same emulator over TLS, alternating with the gateway
 * role's own client, for one principal's warm calls and for a principal's first call (AssumeRole,
 * then a new client on the shared connection pool). STS is a local stand-in answering AssumeRole
 * over HTTP at once, reached through the real `STSClient`: its network time on AWS is not in
 * these numbers, the SDK's work (signing, XML) is.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { BedrockRuntimeClient, ConverseCommand, type ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import { STSClient } from '@aws-sdk/client-sts';
import { createPrincipalSessions } from '../../lambda/audit/principal-sessions';
import { summarize, type LatencySummary } from './stats';

/** One way of calling Bedrock, measured over all rounds. */
interface AuditVariant {
  readonly latencyMs: LatencySummary;
  /** CPU of the load generator's process per call (emulator included, alike for every variant), µs. */
  readonly cpuUsPerCall: number;
}

interface AuditIdentityResult {
  readonly calls: number;
  /** The gateway role's own client. */
  readonly gatewayRole: AuditVariant;
  /** One principal whose session and client are cached (every call after its first). */
  readonly warm: AuditVariant;
  /** A principal's first call: AssumeRole, a new client, the call. */
  readonly firstCall: AuditVariant;
  /** AssumeRole calls STS answered (one per first call, none warm). */
  readonly assumeRoleCalls: number;
}

const ROUNDS = 4;
const ROLE_ARN = 'arn:aws:iam::123456789012:role/bench-audit';

/** A stand-in for STS's AssumeRole (query protocol, XML answer); counts the calls. */
async function startFakeSts(): Promise<{ readonly endpoint: string; calls(): number; close(): Promise<void> }> {
  let calls = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls += 1;
      const expiration = new Date(Date.now() + 3_600_000).toISOString();
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>' +
          `<AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/bench-audit/s${calls}</Arn><AssumedRoleId>AROABENCH:s${calls}</AssumedRoleId></AssumedRoleUser>` +
          `<Credentials><AccessKeyId>ASIABENCH${calls}</AccessKeyId><SecretAccessKey>secret${calls}</SecretAccessKey><SessionToken>token${calls}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
          `</AssumeRoleResult><ResponseMetadata><RequestId>bench-${calls}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `calls` Converse calls one at a time; wall time of each and the process CPU per call. */
async function measure(calls: number, call: () => Promise<unknown>): Promise<{ samples: number[]; cpuMicros: number }> {
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    const startedAt = performance.now();
    await call();
    samples.push(performance.now() - startedAt);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { samples, cpuMicros: cpu.user + cpu.system };
}

/**
 * Measures the three variants in alternating rounds (`calls` each in all) with `bedrock`, the
 * gateway's client settings on the emulator's TLS endpoint.
 */
async function runAuditIdentityBench({ bedrock, endpoint, input, calls }: { readonly bedrock: BedrockRuntimeClient; readonly endpoint: string; readonly input: ConverseRequest; readonly calls: number }): Promise<AuditIdentityResult> {
  const sts = await startFakeSts();
  const stsClient = new STSClient({ region: 'us-east-1', endpoint: sts.endpoint, credentials: { accessKeyId: 'AKIABENCH', secretAccessKey: 'bench' } });
  // As the services factory builds them: each principal's client shares the gateway client's connection pool.
  const sessions = createPrincipalSessions({
    roleArn: ROLE_ARN,
    sts: stsClient,
    createClient: (region, credentials) =>
      new BedrockRuntimeClient({ region: region ?? 'us-east-1', endpoint, maxAttempts: 1, requestHandler: bedrock.config.requestHandler, credentials }),
  });
  const collected = { gatewayRole: { samples: [] as number[], cpuMicros: 0 }, warm: { samples: [] as number[], cpuMicros: 0 }, firstCall: { samples: [] as number[], cpuMicros: 0 } };
  const warmPrincipal = { kind: 'key', id: 'bench-warm' };
  let principals = 0;
  try {
    // Warm-up: the pool's connection, the warm principal's session and client.
    await bedrock.send(converse(input));
    await sessions.clientFor(warmPrincipal, undefined).send(converse(input));
    const stsCallsBefore = sts.calls();
    const perRound = Math.max(1, Math.ceil(calls / ROUNDS));
    for (let round = 0; round < ROUNDS; round++) {
      const runs = {
        gatewayRole: await measure(perRound, () => bedrock.send(converse(input))),
        warm: await measure(perRound, () => sessions.clientFor(warmPrincipal, undefined).send(converse(input))),
        firstCall: await measure(perRound, () => sessions.clientFor({ kind: 'key', id: `bench-first-${++principals}` }, undefined).send(converse(input))),
      };
      for (const name of ['gatewayRole', 'warm', 'firstCall'] as const) {
        collected[name].samples.push(...runs[name].samples);
        collected[name].cpuMicros += runs[name].cpuMicros;
      }
    }
    const variant = (name: keyof typeof collected): AuditVariant => ({
      latencyMs: summarize(collected[name].samples),
      cpuUsPerCall: collected[name].cpuMicros / collected[name].samples.length,
    });
    return { calls: perRound * ROUNDS, gatewayRole: variant('gatewayRole'), warm: variant('warm'), firstCall: variant('firstCall'), assumeRoleCalls: sts.calls() - stsCallsBefore };
  } finally {
    stsClient.destroy();
    await sts.close();
  }
}

function converse(input: ConverseRequest): ConverseCommand {
  return new ConverseCommand(input);
}

export { runAuditIdentityBench };
export type { AuditIdentityResult, AuditVariant };
