/**
 * @module The response side of a request context: headers every response carries, JSON and streams.
 */
import type { HttpResponse, ResponseSink } from '../platform/http-types';

/** Writes one response through a sink, adding the headers every response must carry. */
class ResponseWriter implements HttpResponse {
  private status = 0;
  private readonly baseHeaders: Readonly<Record<string, string>>;
  private mayStart: (statusCode: number) => boolean = () => true;

  constructor(
    private readonly sink: ResponseSink,
    baseHeaders: Readonly<Record<string, string>>,
  ) {
    this.baseHeaders = baseHeaders;
  }

  /** Whether status and headers have gone out (after which the status cannot change). */
  get started(): boolean {
    return this.sink.started;
  }

  /** The status sent, or 0 before `start`. */
  get statusCode(): number {
    return this.status;
  }

  /**
   * Refuses to start a response that `mayStart` does not allow (a credential check still pending):
   * a route that would answer before the check is a bug, answered as a 500 rather than a leak.
   */
  holdUntil(mayStart: (statusCode: number) => boolean): void {
    this.mayStart = mayStart;
  }

  /** Sends the status line and headers (the base headers win over nothing, extra headers add). */
  start(statusCode: number, headers: Readonly<Record<string, string>> = {}): void {
    if (!this.mayStart(statusCode)) throw new Error(`A ${statusCode} response was started before the credential check completed.`);
    this.status = statusCode;
    this.sink.start(statusCode, { ...headers, ...this.baseHeaders });
  }

  write(chunk: string | Uint8Array): Promise<void> {
    return this.sink.write(chunk);
  }

  end(): Promise<void> {
    return this.sink.end();
  }

  /** Sends a complete JSON response. */
  async json(statusCode: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Promise<void> {
    const text = JSON.stringify(body);
    this.start(statusCode, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      ...headers,
    });
    await this.sink.write(text);
    await this.sink.end();
  }
}

export { ResponseWriter };
