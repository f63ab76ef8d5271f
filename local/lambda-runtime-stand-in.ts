/**
 * @module A stand-in for the Lambda runtime's `awslambda` global, for tests and benchmarks.
 *
 * It reproduces the wire behaviour of `HttpResponseStream.from`: the JSON prelude, then eight NUL
 * bytes, then the body, on a stream whose content type marks an HTTP integration response.
 */
import { Writable } from 'node:stream';

const PRELUDE_DELIMITER = Buffer.alloc(8);
const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';

interface CapturedResponse {
  readonly contentType?: string;
  readonly metadata?: awslambda.HttpResponseMetadata;
  readonly body: Buffer;
  readonly ended: boolean;
}

/** A writable that records what a streaming handler sent, as the runtime would receive it. */
class RecordingResponseStream extends Writable {
  contentType?: string;
  private readonly chunks: Buffer[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.from(chunk));
    callback();
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  /** Splits the recorded bytes into the prelude metadata and the body. */
  captured(): CapturedResponse {
    const raw = Buffer.concat(this.chunks);
    const delimiterAt = this.contentType === HTTP_INTEGRATION_CONTENT_TYPE ? raw.indexOf(PRELUDE_DELIMITER) : -1;
    if (delimiterAt < 0) return { contentType: this.contentType, body: raw, ended: this.writableFinished };
    return {
      contentType: this.contentType,
      metadata: JSON.parse(raw.subarray(0, delimiterAt).toString('utf8')) as awslambda.HttpResponseMetadata,
      body: raw.subarray(delimiterAt + PRELUDE_DELIMITER.length),
      ended: this.writableFinished,
    };
  }
}

/**
 * Adds the streaming members to `globalThis.awslambda` unless the real runtime provided them. Other
 * libraries (the AWS invoke store) create a bare `awslambda` object, so its presence proves nothing.
 */
function installLambdaRuntimeStandIn(): void {
  const target = globalThis as { awslambda?: Record<string, unknown> };
  if (typeof target.awslambda?.streamifyResponse === 'function') return;
  target.awslambda = {
    ...target.awslambda,
    streamifyResponse: <T>(handler: T): T => handler,
    HttpResponseStream: {
      from(responseStream: Writable, metadata: awslambda.HttpResponseMetadata): Writable {
        (responseStream as Partial<RecordingResponseStream>).setContentType?.(HTTP_INTEGRATION_CONTENT_TYPE);
        responseStream.write(JSON.stringify(metadata));
        responseStream.write(PRELUDE_DELIMITER);
        return responseStream;
      },
    },
  };
}

export { installLambdaRuntimeStandIn, RecordingResponseStream };
export type { CapturedResponse };
