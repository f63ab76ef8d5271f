/** @module A local HTTP server that records the JSON bodies POSTed to it and answers as told (budget alert webhooks). */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface WebhookReceiver {
  readonly url: string;
  /** Bodies received, parsed, in arrival order. */
  readonly received: unknown[];
  /** What the next requests get: a status, or `hang` (never answers). */
  answer(next: number | 'hang'): void;
  close(): Promise<void>;
}

async function startWebhookReceiver(path = '/hooks/budget'): Promise<WebhookReceiver> {
  const received: unknown[] = [];
  let next: number | 'hang' = 204;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      if (request.method === 'POST' && request.url === path) received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      if (next === 'hang') return;
      response.writeHead(next).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer(status) {
      next = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { startWebhookReceiver };
export type { WebhookReceiver };
