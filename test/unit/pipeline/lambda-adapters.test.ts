import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { bufferedLambdaHandler, streamingLambdaHandler } from '../../../lambda/platform/lambda-adapters';
import type { GatewayHandler, GatewayRequest } from '../../../lambda/platform/http-types';
import { installLambdaRuntimeStandIn, RecordingResponseStream } from '../../../local/lambda-runtime-stand-in';

installLambdaRuntimeStandIn();

function proxyEvent(overrides: Partial<APIGatewayProxyEvent> = {}): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/v1/chat/completions',
    resource: '/v1/{proxy+}',
    body: '{"a":1}',
    isBase64Encoded: false,
    headers: { 'Content-Type': 'application/json' },
    multiValueHeaders: { 'Content-Type': ['application/json'], 'X-Multi': ['a', 'b'] },
    queryStringParameters: { limit: '2' },
    multiValueQueryStringParameters: { limit: ['2'] },
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      identity: { sourceIp: '203.0.113.9' },
      authorizer: { principalId: 'key_1', team: 'search', cached: true },
    } as unknown as APIGatewayProxyEvent['requestContext'],
    ...overrides,
  };
}

function recordingApp(): { app: GatewayHandler; seen: GatewayRequest[] } {
  const seen: GatewayRequest[] = [];
  const app: GatewayHandler = async (request, sink) => {
    seen.push(request);
    sink.start(201, { 'content-type': 'text/plain', 'x-request-id': 'req_1' });
    await sink.write('hello ');
    await sink.write(new TextEncoder().encode('world'));
    await sink.end();
  };
  return { app, seen };
}

describe('streamingLambdaHandler', () => {
  it('cuts off a client that stopped reading instead of waiting for it to drain at the end', async () => {
    // A stream that never takes a chunk: the first write fills its buffer and never drains.
    class StalledStream extends RecordingResponseStream {
      override _write(): void {}
    }
    const stream = new StalledStream({ highWaterMark: 4 });
    const app: GatewayHandler = async (_request, sink) => {
      sink.start(200, { 'content-type': 'text/event-stream' });
      // The gateway's write guard gives up on this write; the adapter must not wait for it either.
      void sink.write('data: a chunk far larger than the buffer\n\n');
      await sink.end();
    };
    await streamingLambdaHandler(app)(proxyEvent(), stream, {} as Context);
    expect(stream.destroyed).toBe(true);
  });

  it('writes the HTTP prelude then the body chunks', async () => {
    const { app } = recordingApp();
    const stream = new RecordingResponseStream();
    await streamingLambdaHandler(app)(proxyEvent(), stream, {} as Context);
    const captured = stream.captured();
    expect(captured.contentType).toBe('application/vnd.awslambda.http-integration-response');
    expect(captured.metadata).toEqual({ statusCode: 201, headers: { 'content-type': 'text/plain', 'x-request-id': 'req_1' } });
    expect(captured.body.toString()).toBe('hello world');
    expect(captured.ended).toBe(true);
  });

  it('turns the proxy event into a gateway request', async () => {
    const { app, seen } = recordingApp();
    await streamingLambdaHandler(app)(proxyEvent(), new RecordingResponseStream(), {} as Context);
    const request = seen[0] as GatewayRequest;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'x-multi': 'a, b' });
    expect(request.query.get('limit')).toBe('2');
    expect(request.body.toString()).toBe('{"a":1}');
    expect(request.sourceIp).toBe('203.0.113.9');
    expect(request.platformIdentity).toEqual({ kind: 'authorizer', context: { principalId: 'key_1', team: 'search', cached: 'true' } });
  });

  it('decodes base64 bodies', async () => {
    const { app, seen } = recordingApp();
    const event = proxyEvent({ body: Buffer.from('{"b":2}').toString('base64'), isBase64Encoded: true });
    await streamingLambdaHandler(app)(event, new RecordingResponseStream(), {} as Context);
    expect(seen[0]?.body.toString()).toBe('{"b":2}');
  });

  it('reports a SigV4 caller as an IAM identity', async () => {
    const { app, seen } = recordingApp();
    const event = proxyEvent({
      path: '/iam/v1/models',
      requestContext: {
        identity: { sourceIp: '10.0.0.1', userArn: 'arn:aws:sts::123456789012:assumed-role/App/i-1', accountId: '123456789012', accessKey: 'ASIA1' },
      } as unknown as APIGatewayProxyEvent['requestContext'],
    });
    await streamingLambdaHandler(app)(event, new RecordingResponseStream(), {} as Context);
    expect(seen[0]?.platformIdentity).toEqual({
      kind: 'iam',
      userArn: 'arn:aws:sts::123456789012:assumed-role/App/i-1',
      accountId: '123456789012',
      accessKey: 'ASIA1',
    });
  });

  it('aborts the request signal when the response stream closes early', async () => {
    let signal: AbortSignal | undefined;
    const stream = new RecordingResponseStream();
    const app: GatewayHandler = async (request, sink) => {
      signal = request.signal;
      sink.start(200, {});
      await sink.write('partial');
      stream.destroy();
      await new Promise((resolve) => setImmediate(resolve));
      await sink.write('ignored after close');
      await sink.end();
    };
    await streamingLambdaHandler(app)(proxyEvent(), stream, {} as Context);
    expect(signal?.aborted).toBe(true);
  });
});

describe('bufferedLambdaHandler', () => {
  it('collects status, headers and body into a proxy result', async () => {
    const { app } = recordingApp();
    await expect(bufferedLambdaHandler(app)(proxyEvent())).resolves.toEqual({
      statusCode: 201,
      headers: { 'content-type': 'text/plain', 'x-request-id': 'req_1' },
      body: 'hello world',
    });
  });
});
