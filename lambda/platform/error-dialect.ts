/**
 * @module Error formats per API surface: each surface renders a `GatewayError` its own way, and the
 * pipeline picks the format from the request path, so even a 401, 404 or 413 raised before any
 * handler runs reaches the client in the format of the API it called.
 */
import type { GatewayError } from './errors';

/** A rendered error: the body (JSON), the surface's own headers, and its status when the API uses another. */
interface RenderedErrorBody {
  readonly body: unknown;
  /**
   * The status this surface answers with, when its API has its own code for the error (Anthropic
   * answers an overloaded service with 529, not 503). @default - the error's `statusCode`
   */
  readonly status?: number;
  /** Headers the surface adds (Bedrock's `x-amzn-errortype`); the error's own headers are added by the caller. */
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * How one API surface writes errors. A new surface adds one dialect to the pipeline's table
 * (`lambda/gateway/error-dialects.ts`) and uses the same `render` for errors sent in-band in its streams.
 *
 * @example const openai: ErrorDialect = { name: 'openai', render: (error) => ({ body: error.toJSON() }) };
 */
interface ErrorDialect {
  /** Names the surface in logs and tests. */
  readonly name: string;
  render(error: GatewayError): RenderedErrorBody;
}

/** One row of the dialect table: requests under `prefix` (a whole path segment or more) answer in `dialect`. */
interface ErrorDialectRoute {
  /** `/v1/messages`, `/bedrock`, ...: matches the path itself and everything below it. */
  readonly prefix: string;
  readonly dialect: ErrorDialect;
}

/** Which dialect answers a request path. */
interface ErrorDialectTable {
  /** Checked longest prefix first. */
  readonly routes: readonly ErrorDialectRoute[];
  /** For every path no route matches. */
  readonly fallback: ErrorDialect;
}

function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
}

/**
 * The dialect of a request path: the longest matching prefix wins, so `/v1/messages` can answer in
 * Anthropic's format while the rest of `/v1` answers in OpenAI's.
 *
 * @example dialectForPath({ routes: [{ prefix: '/bedrock', dialect: bedrock }], fallback: openai }, '/bedrock/model/x/converse') // bedrock
 */
function dialectForPath(table: ErrorDialectTable, path: string): ErrorDialect {
  let best: ErrorDialectRoute | undefined;
  for (const route of table.routes) {
    if (underPrefix(path, route.prefix) && (best === undefined || route.prefix.length > best.prefix.length)) best = route;
  }
  return best?.dialect ?? table.fallback;
}

export { dialectForPath };
export type { ErrorDialect, ErrorDialectRoute, ErrorDialectTable, RenderedErrorBody };
