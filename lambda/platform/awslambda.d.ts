/**
 * @module Types for the `awslambda` global that the Node.js Lambda runtime provides for response streaming.
 * @see https://docs.aws.amazon.com/lambda/latest/dg/configuration-response-streaming.html
 */
import type { Context } from 'aws-lambda';
import type { Writable } from 'node:stream';

declare global {
  namespace awslambda {
    /** The metadata prelude of a streamed HTTP response. */
    interface HttpResponseMetadata {
      statusCode: number;
      headers?: Record<string, string>;
      cookies?: string[];
    }
    type StreamifyHandler<TEvent> = (event: TEvent, responseStream: Writable, context: Context) => Promise<void>;
    /** Marks a handler as streaming; the runtime then calls it with a response stream. */
    function streamifyResponse<TEvent>(handler: StreamifyHandler<TEvent>): StreamifyHandler<TEvent>;
    namespace HttpResponseStream {
      function from(responseStream: Writable, metadata: HttpResponseMetadata): Writable;
    }
  }
}

export {};
