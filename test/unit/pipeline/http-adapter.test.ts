import { request as httpRequest } from 'node:http';
import type { GatewayHandler, GatewayRequest } from '../../../lambda/platform/http-types';
import { startHttpAdapter, type RunningHttpServer } from '../../../local/http-adapter';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(url: string, method: string, path: string, body?: Buffer): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('local HTTP adapter', () => {
  let server: RunningHttpServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('passes method, path, query, headers and body to the app', async () => {
    const seen: GatewayRequest[] = [];
    const app: GatewayHandler = async (request, sink) => {
      seen.push(request);
      sink.start(200, { 'content-type': 'text/plain' });
      await sink.write('ok');
      await sink.end();
    };
    server = await startHttpAdapter(app, { port: 0, maxBodyBytes: 1024 });
    const response = await send(server.url, 'POST', '/v1/x?limit=3', Buffer.from('{"hi":1}'));
    expect(response).toMatchObject({ status: 200, body: 'ok' });
    expect(seen[0]).toMatchObject({ method: 'POST', path: '/v1/x', bodyTooLarge: false });
    expect(seen[0]?.query.get('limit')).toBe('3');
    expect(seen[0]?.body.toString()).toBe('{"hi":1}');
  });

  it('flags a body over the limit without keeping it', async () => {
    const seen: GatewayRequest[] = [];
    const app: GatewayHandler = async (request, sink) => {
      seen.push(request);
      sink.start(413, {});
      await sink.end();
    };
    server = await startHttpAdapter(app, { port: 0, maxBodyBytes: 16 });
    const response = await send(server.url, 'POST', '/v1/x', Buffer.alloc(40, 'a'));
    expect(response.status).toBe(413);
    expect(seen[0]).toMatchObject({ bodyTooLarge: true });
    expect(seen[0]?.body.length).toBe(0);
  });

  it('aborts the request signal when the client disconnects mid-response', async () => {
    let signal: AbortSignal | undefined;
    const aborted = new Promise<void>((resolve) => {
      const app: GatewayHandler = async (request, sink) => {
        signal = request.signal;
        request.signal.addEventListener('abort', () => resolve());
        sink.start(200, { 'content-type': 'text/event-stream' });
        await sink.write('data: 1\n\n');
        await new Promise((r) => request.signal.addEventListener('abort', r));
        await sink.end();
      };
      void startHttpAdapter(app, { port: 0, maxBodyBytes: 1024 }).then((running) => {
        server = running;
        const req = httpRequest(`${running.url}/v1/stream`, { method: 'POST' }, (res) => {
          res.once('data', () => req.destroy());
        });
        req.on('error', () => undefined);
        req.end();
      });
    });
    await aborted;
    expect(signal?.aborted).toBe(true);
  });
});
