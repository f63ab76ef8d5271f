/**
 * @module Lambda adapters: a response-streaming entry for the gateway, a buffered one for the admin API.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Writable } from 'node:stream';
import type { GatewayHandler, ResponseSink } from './http-types';
import { requestFromProxyEvent } from './lambda-event';

/** A sink over Lambda's response stream; the prelude goes out with the first `start`. */
function streamingSink(responseStream: Writable): ResponseSink {
  let body: Writable | undefined;
  let ended = false;
  return {
    get started() {
      return body !== undefined;
    },
    start(statusCode, headers) {
      if (body !== undefined) throw new Error('response already started');
      body = awslambda.HttpResponseStream.from(responseStream, { statusCode, headers: { ...headers } });
    },
    write(chunk) {
      const target = body;
      if (target === undefined) throw new Error('write before start');
      if (ended || target.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        if (target.write(chunk)) resolve();
        else {
          const done = (): void => {
            target.off('drain', done);
            target.off('close', done);
            resolve();
          };
          target.once('drain', done);
          target.once('close', done);
        }
      });
    },
    end() {
      if (ended) return Promise.resolve();
      ended = true;
      const target = body ?? responseStream;
      return new Promise<void>((resolve) => {
        if (target.destroyed || target.writableFinished) resolve();
        // A write that never drained means the client stopped reading and the gateway gave up on
        // it: ending would wait for that reader until the invocation times out, so cut it off.
        else if (target.writableNeedDrain) {
          target.destroy();
          resolve();
        } else target.end(resolve);
      });
    },
  };
}

/** Wraps the gateway as a response-streaming Lambda handler (REST API `responseTransferMode: STREAM`). */
function streamingLambdaHandler(app: GatewayHandler): awslambda.StreamifyHandler<APIGatewayProxyEvent> {
  return awslambda.streamifyResponse<APIGatewayProxyEvent>(async (event, responseStream, context) => {
    const receivedAtMs = Date.now();
    const deadlineAtMs = typeof context?.getRemainingTimeInMillis === 'function' ? receivedAtMs + context.getRemainingTimeInMillis() : undefined;
    const abort = new AbortController();
    const sink = streamingSink(responseStream);
    const onClose = (): void => {
      if (!responseStream.writableFinished) abort.abort(new Error('client disconnected'));
    };
    responseStream.once('close', onClose);
    responseStream.once('error', onClose);
    try {
      await app(requestFromProxyEvent(event, abort.signal, receivedAtMs, deadlineAtMs), sink);
    } finally {
      responseStream.off('close', onClose);
      responseStream.off('error', onClose);
    }
  });
}

/** Runs the gateway for a buffered (non-streaming) proxy integration and collects the result. */
function bufferedLambdaHandler(app: GatewayHandler): (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult> {
  return async (event) => {
    const chunks: Buffer[] = [];
    let statusCode = 500;
    let headers: Record<string, string> = {};
    let started = false;
    const sink: ResponseSink = {
      get started() {
        return started;
      },
      start(status, responseHeaders) {
        started = true;
        statusCode = status;
        headers = { ...responseHeaders };
      },
      write(chunk) {
        chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
        return Promise.resolve();
      },
      end: () => Promise.resolve(),
    };
    await app(requestFromProxyEvent(event, new AbortController().signal, Date.now()), sink);
    return { statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
  };
}

export { bufferedLambdaHandler, streamingLambdaHandler };
