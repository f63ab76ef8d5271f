/**
 * @module What the admin CLI says when a command fails, and its exit code: each failure names what
 * went wrong and what to do (the token to set, the URL it could not reach, the field the API refused).
 */
import type { AdminApiClient } from '../admin-api-client';

/** Exit codes of `npm run admin`. */
const EXIT = {
  ok: 0,
  /** The gateway refused the request, could not be reached, or the request could not be signed. */
  failed: 1,
  /** The command line is wrong: unknown command, missing argument, bad flag value, no way to authenticate. */
  usage: 2,
} as const;

/** A failure with the exit code the CLI ends with; `hint` says what to do about it. */
class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
  }
}

const usageError = (message: string, hint?: string): CliError => new CliError(message, EXIT.usage, hint);

/** How the CLI calls a deployed gateway, for hints. */
const DEPLOYED_URL_HINT = "a deployed gateway's URL is the stack's AdminUrl output without /admin (https://{apiId}.execute-api.{region}.amazonaws.com/prod)";

/** The local gateway's token hint. */
const LOCAL_TOKEN_HINT = 'set GATEWAY_ADMIN_TOKEN=admin-... (npm start prints it as "Admin token:") or pass --token';

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a base URL points at this machine (where only the admin token authenticates). */
function isLocalUrl(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname) || url.hostname.endsWith('.localhost');
}

type Json = Record<string, unknown>;

/** Whether fetch failed before an answer (`TypeError: fetch failed`; compared by name, errors may come from another realm). */
const isFetchFailure = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'TypeError';

/** What lies under fetch's `TypeError: fetch failed`: a network error code (ECONNREFUSED, ENOTFOUND, ...) or the cause's message. */
function networkDetail(error: unknown): string | undefined {
  let current: unknown = (error as { cause?: unknown }).cause;
  let message: string | undefined;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string') return code;
    message ??= typeof (current as { message?: unknown }).message === 'string' ? (current as { message: string }).message : undefined;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return message === '' ? undefined : message;
}

const isCredentialsError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'CredentialsProviderError' || (typeof message === 'string' && /could not load credentials/i.test(message));
};

/** The default credential chain found nothing; `what` is what needed signing. */
function noCredentials(what: string): CliError {
  return new CliError(
    `No AWS credentials to sign ${what}.`,
    EXIT.failed,
    `Configure credentials for the default chain (aws configure, aws sso login, AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY). For a local gateway, ${LOCAL_TOKEN_HINT}.`,
  );
}

/** Turns what `client.send` threw into a CliError naming the URL or the missing credentials. */
function sendFailure(error: unknown, client: AdminApiClient, path: string): CliError {
  const url = client.url(path);
  if (client.auth === 'sigv4' && isCredentialsError(error)) {
    return noCredentials(`the request to ${url.origin} (SigV4 for execute-api in ${client.region ?? '-'})`);
  }
  if (isFetchFailure(error)) {
    const detail = networkDetail(error);
    const base = client.url('').href.replace(/\/$/, '');
    return new CliError(
      `Cannot reach the gateway at ${base}${detail === undefined ? '' : ` (${detail})`}.`,
      EXIT.failed,
      isLocalUrl(url)
        ? 'Is it running? Start it with npm start, or point --url (or GATEWAY_URL) at the gateway you mean.'
        : `Check --url (or GATEWAY_URL) and your network path to it (a private API is reachable only from its VPC); ${DEPLOYED_URL_HINT}.`,
    );
  }
  return new CliError(typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string' ? (error as Error).message : String(error), EXIT.failed);
}

/** What to do about an error status, depending on how the CLI authenticated. */
function statusHint(status: number, auth: AdminApiClient['auth']): string | undefined {
  if (status === 401 || status === 403) {
    return auth === 'token'
      ? `The admin token was refused: ${LOCAL_TOKEN_HINT} with the token of the gateway at this URL.`
      : 'Your AWS identity may not call the admin API: it needs execute-api:Invoke on the /admin routes (the stack\'s adminPrincipals), and the URL must include the stage (/prod).';
  }
  return undefined;
}

/**
 * An error answer of the admin API (`{"error":{"message","type","param","code"}}`) or of API Gateway
 * (`{"message"}`), as one line naming the field, plus a hint for authentication failures.
 */
function apiFailure(status: number, body: string, auth: AdminApiClient['auth']): CliError {
  let parsed: Json | undefined;
  try {
    const value = JSON.parse(body) as unknown;
    if (typeof value === 'object' && value !== null) parsed = value as Json;
  } catch {
    parsed = undefined;
  }
  const error = (typeof parsed?.error === 'object' && parsed.error !== null ? parsed.error : parsed ?? {}) as Json;
  const message = typeof error.message === 'string' ? error.message : body.trim().slice(0, 300) || `HTTP ${status}`;
  const kind = [status, typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : undefined].filter(Boolean).join(' ');
  const field = typeof error.param === 'string' ? `, field ${error.param}` : '';
  return new CliError(`${message} [${kind}${field}]`, EXIT.failed, statusHint(status, auth));
}

/** The text printed on stderr for a failure. */
function renderFailure(error: CliError): string {
  return error.hint === undefined ? `Error: ${error.message}` : `Error: ${error.message}\n  ${error.hint}`;
}

export { CliError, DEPLOYED_URL_HINT, EXIT, LOCAL_TOKEN_HINT, apiFailure, isCredentialsError, isLocalUrl, noCredentials, renderFailure, sendFailure, usageError };
