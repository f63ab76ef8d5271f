/**
 * @module IAM identity tokens: a presigned `sts:GetCallerIdentity` URL carried as a bearer token.
 *
 * The pattern of EKS (`k8s-aws-v1.`) and Vault's IAM auth: the client presigns GetCallerIdentity
 * with its own credentials, signing an extra `x-gateway-audience` header; the gateway checks the URL
 * (STS host only, the one action, no extra parameters, not expired) and replays it to STS with the
 * audience header set to its own value. STS answers with the caller's ARN only if the signature
 * covers that audience, so a token minted for this gateway cannot be replayed to another service
 * that uses the same scheme, and the gateway never sees the caller's secret key.
 *
 * Any AWS account can mint a valid token, so STS's answer is only half the check: the caller's
 * account must be on the operator's allow-list (and, optionally, its role ARN must match one of the
 * allowed patterns). With no account allowed, every token is refused.
 *
 * Token: `aws-iam-v1.` + base64url(presigned URL).
 */
import { DEFAULT_STS_AUDIENCE } from '../platform/config';
import { AuthenticationError } from '../platform/errors';
import { STS_TOKEN_PREFIX } from './bearer-token';
import { compileArnPattern, normalizeIamArn, type IamIdentity } from './iam-arn';

/** Header signed into the presigned URL to bind it to one gateway. */
const STS_AUDIENCE_HEADER = 'x-gateway-audience';
/** A 12-digit AWS account id. */
const ACCOUNT_ID = /^\d{12}$/;
/** Longest validity accepted for a presigned URL (STS allows more; shorter limits replay). */
const MAX_TOKEN_LIFETIME_SECONDS = 900;
/** Clock skew tolerated on `X-Amz-Date`. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Regional, global, FIPS and China STS endpoints; nothing else is ever called. */
const STS_HOST = /^sts(?:-fips)?(?:\.[a-z]{2}(?:-[a-z]+)+-\d{1,2})?\.amazonaws\.com(?:\.cn)?$/;

const REQUIRED_PARAMS: Readonly<Record<string, string | RegExp>> = {
  Action: 'GetCallerIdentity',
  Version: '2011-06-15',
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Credential': /^[A-Z0-9]{16,128}\/\d{8}\/[a-z0-9-]+\/sts\/aws4_request$/,
  'X-Amz-Date': /^\d{8}T\d{6}Z$/,
  'X-Amz-Expires': /^\d{1,5}$/,
  'X-Amz-SignedHeaders': /^[a-z0-9;-]+$/,
  'X-Amz-Signature': /^[0-9a-f]{64}$/,
};
const OPTIONAL_PARAMS = new Set(['X-Amz-Security-Token']);

/** What STS said about the caller. */
interface StsCaller {
  readonly identity: IamIdentity;
  /** Epoch milliseconds after which the presigned URL is no longer accepted. */
  readonly expiresAtMs: number;
}

interface StsTokenVerifierOptions {
  /** AWS accounts whose callers are accepted (12-digit ids). @default [] - every token is refused */
  readonly accounts?: readonly string[];
  /**
   * Role or user ARN patterns (`*` matches any run of characters) the normalised caller must match,
   * e.g. `arn:aws:iam::123456789012:role/ci-*`. @default - any principal of an allowed account
   */
  readonly principals?: readonly string[];
  /** Expected audience; must match what clients sign. @default 'bedrock-gateway' */
  readonly audience?: string;
  /** HTTP client used to call STS; injectable so tests stub STS at its HTTP boundary. @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default Date.now */
  readonly now?: () => number;
  /** Time limit of the STS call. @default 3000 */
  readonly timeoutMs?: number;
}

/** Verifies an `aws-iam-v1.` token; throws `AuthenticationError`. */
type StsTokenVerifier = (token: string) => Promise<StsCaller>;

function reject(reason: string, cause?: unknown): AuthenticationError {
  return new AuthenticationError(`The IAM identity token was rejected: ${reason}.`, cause === undefined ? {} : { cause });
}

function parseAmzDate(value: string): number {
  return Date.UTC(
    Number(value.slice(0, 4)),
    Number(value.slice(4, 6)) - 1,
    Number(value.slice(6, 8)),
    Number(value.slice(9, 11)),
    Number(value.slice(11, 13)),
    Number(value.slice(13, 15)),
  );
}

/** Decodes and checks the presigned URL without calling STS; returns it and its expiry. */
function inspectStsToken(token: string, nowMs: number): { url: URL; expiresAtMs: number } {
  if (!token.startsWith(STS_TOKEN_PREFIX)) throw reject(`missing "${STS_TOKEN_PREFIX}" prefix`);
  let url: URL;
  try {
    url = new URL(Buffer.from(token.slice(STS_TOKEN_PREFIX.length), 'base64url').toString('utf8'));
  } catch {
    throw reject('not a base64url-encoded URL');
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '' || url.hash !== '') {
    throw reject('the URL must be plain https');
  }
  if (!STS_HOST.test(url.hostname)) throw reject(`host ${url.hostname} is not an AWS STS endpoint`);
  if (url.pathname !== '/') throw reject('the URL path must be /');
  const names = [...url.searchParams.keys()];
  if (new Set(names).size !== names.length) throw reject('repeated query parameters');
  for (const name of names) {
    if (!(name in REQUIRED_PARAMS) && !OPTIONAL_PARAMS.has(name)) throw reject(`unexpected query parameter ${name}`);
  }
  for (const [name, expected] of Object.entries(REQUIRED_PARAMS)) {
    const value = url.searchParams.get(name);
    const ok = value !== null && (typeof expected === 'string' ? value === expected : expected.test(value));
    if (!ok) throw reject(`query parameter ${name} is missing or invalid`);
  }
  const signedHeaders = (url.searchParams.get('X-Amz-SignedHeaders') as string).split(';');
  if (!signedHeaders.includes('host') || !signedHeaders.includes(STS_AUDIENCE_HEADER)) {
    throw reject(`the signature must cover the host and ${STS_AUDIENCE_HEADER} headers`);
  }
  if (signedHeaders.some((name) => name !== 'host' && name !== STS_AUDIENCE_HEADER)) {
    throw reject(`only host and ${STS_AUDIENCE_HEADER} may be signed`);
  }
  const signedAtMs = parseAmzDate(url.searchParams.get('X-Amz-Date') as string);
  const lifetimeSeconds = Math.min(Number(url.searchParams.get('X-Amz-Expires')), MAX_TOKEN_LIFETIME_SECONDS);
  const expiresAtMs = signedAtMs + lifetimeSeconds * 1000;
  if (signedAtMs - CLOCK_SKEW_MS > nowMs) throw reject('signed in the future');
  if (expiresAtMs <= nowMs) throw reject('expired');
  return { url, expiresAtMs };
}

interface CallerIdentityJson {
  GetCallerIdentityResponse?: { GetCallerIdentityResult?: { Arn?: unknown; Account?: unknown } };
}

/** Reads the ARN and account from STS's JSON answer (or its XML answer, should `Accept` be ignored). */
function callerOf(body: string): { arn?: string; account?: string } {
  try {
    const result = (JSON.parse(body) as CallerIdentityJson).GetCallerIdentityResponse?.GetCallerIdentityResult;
    if (typeof result?.Arn === 'string') {
      return { arn: result.Arn, ...(typeof result.Account === 'string' ? { account: result.Account } : {}) };
    }
  } catch {
    // Not JSON: fall through to XML.
  }
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(body)?.[1];
  const account = /<Account>([^<]+)<\/Account>/.exec(body)?.[1];
  return { ...(arn === undefined ? {} : { arn }), ...(account === undefined ? {} : { account }) };
}

/**
 * Checks the allow-lists' syntax once, at construction.
 * @throws Error naming the bad entry (a deployment mistake, not a caller's).
 */
function validateAllowLists(accounts: readonly string[], principals: readonly string[]): void {
  for (const account of accounts) {
    if (!ACCOUNT_ID.test(account)) throw new Error(`IAM identity tokens: "${account}" is not a 12-digit AWS account id.`);
  }
  for (const principal of principals) {
    if (!principal.startsWith('arn:')) throw new Error(`IAM identity tokens: principal pattern "${principal}" must be an ARN (arn:aws:iam::<account>:role/<name>, * as wildcard).`);
  }
}

/** Builds the verifier. */
function createStsTokenVerifier({
  accounts = [],
  principals = [],
  audience = DEFAULT_STS_AUDIENCE,
  fetch: fetchImpl = globalThis.fetch,
  now = Date.now,
  timeoutMs = 3000,
}: StsTokenVerifierOptions = {}): StsTokenVerifier {
  validateAllowLists(accounts, principals);
  const allowedAccounts = new Set(accounts);
  const allowedPrincipals = principals.map(compileArnPattern);
  return async function verifyStsToken(token) {
    // No account allowed: nothing could pass, so STS is not even called.
    if (allowedAccounts.size === 0) throw reject('this gateway accepts IAM identity tokens from no AWS account');
    const { url, expiresAtMs } = inspectStsToken(token, now());
    let response: Response;
    try {
      response = await fetchImpl(url.toString(), {
        method: 'GET',
        headers: { [STS_AUDIENCE_HEADER]: audience, accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw reject('STS could not be reached', error);
    }
    const body = await response.text().catch(() => '');
    if (response.status !== 200) throw reject(`STS answered ${response.status} (bad signature, wrong audience or expired)`);
    const caller = callerOf(body);
    const identity = caller.arn === undefined ? undefined : normalizeIamArn(caller.arn);
    if (identity === undefined) throw reject('STS returned no recognisable caller ARN');
    if (caller.account === undefined || caller.account !== identity.accountId) throw reject('STS returned no matching caller account');
    if (!allowedAccounts.has(caller.account)) throw reject(`AWS account ${caller.account} is not allowed to use this gateway`);
    if (allowedPrincipals.length > 0 && !allowedPrincipals.some((pattern) => pattern.test(identity.arn))) {
      throw reject(`${identity.arn} is not an allowed principal of this gateway`);
    }
    return { identity, expiresAtMs };
  };
}

export { STS_AUDIENCE_HEADER, createStsTokenVerifier, inspectStsToken };
export type { StsCaller, StsTokenVerifier, StsTokenVerifierOptions };
