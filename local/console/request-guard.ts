/**
 * @module Which browser requests the console server accepts: pure checks on request headers.
 *
 * The console listens on loopback and acts with the operator's credentials, so any web page the
 * operator has open could try to use it: a cross-site form or fetch (CSRF), or a host name of the
 * attacker's that resolves to 127.0.0.1 (DNS rebinding). Requests must name the console's own
 * host, and anything that changes state must come from the console's own origin.
 */

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

interface GuardedRequest {
  readonly method: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
}

/** Why a request is refused, or undefined when it may pass. */
function refusalOf(request: GuardedRequest, port: number): string | undefined {
  const hosts = LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !hosts.includes(host)) return `The console answers only at ${hosts.join(', ')}; this request named host "${host ?? ''}".`;
  if (request.headers['sec-fetch-site'] === 'cross-site') return 'The console does not answer requests from other sites.';
  if (SAFE_METHODS.has(request.method)) return undefined;
  const origin = request.headers.origin?.toLowerCase();
  if (origin === undefined || !hosts.map((allowed) => `http://${allowed}`).includes(origin)) {
    return `Changes are accepted only from the console's own pages; this request came from origin "${origin ?? 'none'}".`;
  }
  return undefined;
}

export { refusalOf };
export type { GuardedRequest };
