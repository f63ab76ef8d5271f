/**
 * @module Bedrock calls made as the gateway principal: a role session per principal whose STS
 * source identity names it, so CloudTrail's Bedrock data events say who called. Credentials are
 * cached per principal and instance and renewed before they expire; clients per principal and
 * Region are kept for the most recent principals.
 */
import { AssumeRoleCommand, type AssumeRoleCommandOutput } from '@aws-sdk/client-sts';
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { sessionNameOf, sourceIdentityOf, type AuditedPrincipal } from './source-identity';

/** Temporary credentials of one session (the shape the AWS SDK's `credentials` option takes). */
interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** Resolves a session's current credentials (an AWS SDK credentials provider). */
type SessionCredentialsProvider = () => Promise<SessionCredentials>;

/** The one STS call used (an `STSClient`, or a fake in tests). */
interface AssumeRoleClient {
  send(command: AssumeRoleCommand): Promise<AssumeRoleCommandOutput>;
}

interface PrincipalSessionsOptions {
  /** The role the sessions are of (`GATEWAY_AUDIT_ROLE_ARN`). */
  readonly roleArn: string;
  readonly sts: AssumeRoleClient;
  /**
   * Builds a Bedrock client for a Region (`undefined`: the gateway's own) with these credentials. It
   * should share the Region's request handler (connection pool) with the other clients: clients of
   * principals that fall out of the cache are dropped without `destroy()`.
   */
  readonly createClient: (region: string | undefined, credentials: SessionCredentialsProvider) => BedrockRuntimeClient;
  /** Session length asked of STS. @default 3600 */
  readonly durationSeconds?: number;
  /** Credentials are renewed this long before they expire. @default 300000 */
  readonly refreshBeforeMs?: number;
  /** Principals whose sessions and clients are kept (least recently used go first). @default 500 */
  readonly maxPrincipals?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Per-principal credentials and Bedrock clients. */
interface PrincipalSessions {
  /** The principal's credentials, assumed once and reused until shortly before they expire. */
  credentialsFor(principal: AuditedPrincipal): SessionCredentialsProvider;
  /** A Bedrock client that calls as the principal's session. */
  clientFor(principal: AuditedPrincipal, region: string | undefined): BedrockRuntimeClient;
}

/** Why STS gave no usable credentials. */
class AuditSessionError extends Error {
  override readonly name = 'AuditSessionError';
}

interface PrincipalEntry {
  readonly credentials: SessionCredentialsProvider;
  readonly clients: Map<string, BedrockRuntimeClient>;
}

function createPrincipalSessions(options: PrincipalSessionsOptions): PrincipalSessions {
  const { roleArn, sts, createClient, durationSeconds = 3600, refreshBeforeMs = 5 * 60_000, maxPrincipals = 500, now = Date.now } = options;
  const entries = new Map<string, PrincipalEntry>();

  function provider(principal: AuditedPrincipal): SessionCredentialsProvider {
    let current: SessionCredentials | undefined;
    let pending: Promise<SessionCredentials> | undefined;
    async function assume(): Promise<SessionCredentials> {
      const { Credentials } = await sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: sessionNameOf(principal),
          SourceIdentity: sourceIdentityOf(principal),
          DurationSeconds: durationSeconds,
        }),
      );
      if (Credentials?.AccessKeyId === undefined || Credentials.SecretAccessKey === undefined) {
        throw new AuditSessionError(`STS returned no credentials for the session of ${principal.kind} ${principal.id}`);
      }
      return {
        accessKeyId: Credentials.AccessKeyId,
        secretAccessKey: Credentials.SecretAccessKey,
        ...(Credentials.SessionToken === undefined ? {} : { sessionToken: Credentials.SessionToken }),
        ...(Credentials.Expiration === undefined ? {} : { expiration: Credentials.Expiration }),
      };
    }
    return async () => {
      const expiresAtMs = current?.expiration?.getTime() ?? Number.POSITIVE_INFINITY;
      if (current !== undefined && expiresAtMs - refreshBeforeMs > now()) return current;
      pending ??= assume().then(
        (credentials) => {
          current = credentials;
          pending = undefined;
          return credentials;
        },
        (error: unknown) => {
          pending = undefined;
          throw error;
        },
      );
      return pending;
    };
  }

  function entryFor(principal: AuditedPrincipal): PrincipalEntry {
    const key = `${principal.kind}\u0000${principal.id}`;
    let entry = entries.get(key);
    if (entry !== undefined) {
      // Most recently used last.
      entries.delete(key);
      entries.set(key, entry);
      return entry;
    }
    entry = { credentials: provider(principal), clients: new Map() };
    entries.set(key, entry);
    while (entries.size > maxPrincipals) {
      // Dropped, not destroyed: the clients share the gateway's connection pools (see createClient).
      const [oldestKey] = entries.keys();
      if (oldestKey !== undefined) entries.delete(oldestKey);
    }
    return entry;
  }

  return {
    credentialsFor: (principal) => entryFor(principal).credentials,
    clientFor(principal, region) {
      const entry = entryFor(principal);
      const key = region ?? '';
      let client = entry.clients.get(key);
      if (client === undefined) {
        client = createClient(region, entry.credentials);
        entry.clients.set(key, client);
      }
      return client;
    },
  };
}

export { AuditSessionError, createPrincipalSessions };
export type { AssumeRoleClient, PrincipalSessions, PrincipalSessionsOptions, SessionCredentials, SessionCredentialsProvider };
