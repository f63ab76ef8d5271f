/**
 * @module How operator tools (the admin CLI, the console) reach the admin API: the admin token on a
 * local gateway, SigV4 (service `execute-api`) from the default credential chain against AWS.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/** Where the admin API is and how to authenticate to it. */
interface AdminApiTarget {
  /** The gateway's base URL, with the stage for a deployed API (`https://{id}.execute-api.{region}.amazonaws.com/prod`). */
  readonly baseUrl: string;
  /** The local gateway's admin token; without it requests are signed with SigV4. */
  readonly token?: string;
  /** Region for SigV4. @default - from the execute-api host name, then AWS_REGION, AWS_DEFAULT_REGION, us-east-1 */
  readonly region?: string;
}

interface AdminApiClientOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  /** @default - the default credential chain, resolved on the first signed request */
  readonly credentials?: ConstructorParameters<typeof SignatureV4>[0]['credentials'];
}

/** One request to the admin API; `path` starts with `/admin` and may carry a query string. */
interface AdminApiRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  /** @default 'application/json' */
  readonly accept?: string;
}

interface AdminApiClient {
  /** `token` or `sigv4`, for messages that say how the tool is calling. */
  readonly auth: 'token' | 'sigv4';
  /** The region requests are signed for (SigV4 only). */
  readonly region: string | undefined;
  /** The absolute URL a path resolves to. */
  url(path: string): URL;
  send(request: AdminApiRequest): Promise<Response>;
}

const EXECUTE_API_HOST = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/;

function regionOf(url: URL, explicit: string | undefined, env: AdminApiClientOptions['env']): string {
  return explicit ?? EXECUTE_API_HOST.exec(url.hostname)?.[1] ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
}

/** Creates a client for one admin API target. */
function createAdminApiClient(target: AdminApiTarget, options: AdminApiClientOptions): AdminApiClient {
  // Concatenate rather than resolve: a stage prefix in the base URL (`.../prod`) must be kept.
  const url = (path: string): URL => new URL(`${target.baseUrl.replace(/\/+$/, '')}${path}`);
  const region = target.token === undefined ? regionOf(new URL(target.baseUrl), target.region, options.env) : undefined;
  let signer: SignatureV4 | undefined;

  async function sign(method: string, requestUrl: URL, headers: Record<string, string>, body: string | undefined): Promise<Record<string, string>> {
    signer ??= new SignatureV4({ service: 'execute-api', region: region as string, credentials: options.credentials ?? defaultProvider(), sha256: Sha256 });
    const signed = await signer.sign(
      new HttpRequest({
        method,
        protocol: requestUrl.protocol,
        hostname: requestUrl.hostname,
        port: requestUrl.port === '' ? undefined : Number(requestUrl.port),
        path: requestUrl.pathname,
        query: Object.fromEntries(requestUrl.searchParams.entries()),
        headers: { ...headers, host: requestUrl.host },
        body,
      }),
    );
    // fetch derives `host` from the URL (the same value that was signed) and refuses to set it.
    const { host: _signedHost, ...rest } = signed.headers;
    return rest;
  }

  return {
    auth: target.token === undefined ? 'sigv4' : 'token',
    region,
    url,
    async send({ method, path, body, accept = 'application/json' }) {
      const requestUrl = url(path);
      let headers: Record<string, string> = { accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
      if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
      else headers = await sign(method, requestUrl, headers, body);
      return options.fetch(requestUrl, { method, headers, body });
    },
  };
}

export { createAdminApiClient };
export type { AdminApiClient, AdminApiClientOptions, AdminApiRequest, AdminApiTarget };
