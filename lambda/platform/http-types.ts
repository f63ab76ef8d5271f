/**
 * @module The runtime-neutral HTTP contract: a request value in, a response sink out.
 *
 * The Lambda streaming entry, the local Node server and the tests each adapt their own transport to
 * these two types, so the request pipeline exists once.
 */

/** Identity that the platform in front of the gateway has already established. */
type PlatformIdentity =
  /** API Gateway REQUEST authorizer output (`requestContext.authorizer`), flattened to strings. */
  | { readonly kind: 'authorizer'; readonly context: Readonly<Record<string, string>> }
  /** API Gateway AWS_IAM (SigV4) caller (`requestContext.identity`). */
  | { readonly kind: 'iam'; readonly userArn: string; readonly accountId?: string; readonly accessKey?: string };

/**
 * Why a transport could not read a request whole (the local server's HTTP parser; API Gateway never
 * hands the Lambda such a request). The pipeline answers it like any bad request, in the error
 * format of the request's API, and logs it.
 */
type TransportFailure =
  /** Not valid HTTP/1.1 (a bad chunk size, an invalid header character, a garbled request line). */
  | { readonly kind: 'malformed'; readonly detail: string }
  /** The header section passed the server's limit. */
  | { readonly kind: 'headers_too_large' }
  /** The client did not send the whole request within the server's request timeout. */
  | { readonly kind: 'timeout' }
  /** The client closed the connection before the whole body arrived (the signal is aborted). */
  | { readonly kind: 'body_incomplete' };

/** One HTTP request, already read from the transport. */
interface GatewayRequest {
  /** Upper-case method. */
  readonly method: string;
  /** Path without query string or stage prefix, e.g. `/v1/chat/completions`. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body (empty when none). */
  readonly body: Buffer;
  /** True when the transport stopped reading because the body passed the configured limit. */
  readonly bodyTooLarge?: boolean;
  /** Set when the transport could not read the request whole; method, path and headers are what it did read. */
  readonly transportFailure?: TransportFailure;
  readonly sourceIp: string;
  readonly platformIdentity?: PlatformIdentity;
  /** Aborted when the client goes away; upstream calls listen to it. */
  readonly signal: AbortSignal;
  /** Epoch milliseconds when the transport received the request. */
  readonly receivedAtMs: number;
  /** Epoch milliseconds when the runtime will stop the invocation (Lambda), if there is such a limit. */
  readonly deadlineAtMs?: number;
}

/** Where a response goes. Status and headers are fixed once `start` has been called. */
interface ResponseSink {
  /** Sends status and headers; must be called exactly once, before `write`. */
  start(statusCode: number, headers: Readonly<Record<string, string>>): void;
  /** Writes a body chunk; resolves when the transport can take more (backpressure). */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Ends the body. Safe to call twice. */
  end(): Promise<void>;
  /** Whether `start` has been called. */
  readonly started: boolean;
}

/**
 * One request's response as handlers write it: a sink that also sends the headers every response
 * carries (`x-request-id`), and remembers the status it sent.
 */
interface HttpResponse {
  /** Whether status and headers have gone out (after which the status cannot change). */
  readonly started: boolean;
  /** The status sent, or 0 before `start`. */
  readonly statusCode: number;
  start(statusCode: number, headers?: Readonly<Record<string, string>>): void;
  write(chunk: string | Uint8Array): Promise<void>;
  end(): Promise<void>;
  /** Sends a complete JSON response. */
  json(statusCode: number, body: unknown, headers?: Readonly<Record<string, string>>): Promise<void>;
}

/** The whole gateway as seen by an adapter. */
type GatewayHandler = (request: GatewayRequest, sink: ResponseSink) => Promise<void>;

export type { GatewayHandler, GatewayRequest, HttpResponse, PlatformIdentity, ResponseSink, TransportFailure };
