/**
 * @module The gateway under test, in its own process so its CPU time and memory are its own.
 *
 * Built exactly like `npm start` builds it (services factory, OpenAI routes, local HTTP adapter),
 * against the endpoints in the standard AWS variables; with `BENCH_LEDGER=off` the meter and key
 * lookup are swapped for in-memory stand-ins. Talks to the benchmark over Node IPC.
 */
import { createGatewayApp } from '../../lambda/gateway/app';
import { modelRoutes } from '../../lambda/gateway/routes';
import { createServicesFromEnvironment } from '../../lambda/gateway/services-factory';
import { startHttpAdapter } from '../http-adapter';
import { CHILD_ENV, type ChildMessage, type CommandMessage } from './child-protocol';
import { withoutLedger } from './ledger-off';

function send(message: ChildMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const secret = process.env[CHILD_ENV.keySecret];
  if (secret === undefined) throw new Error(`${CHILD_ENV.keySecret} is not set`);
  const { services } = createServicesFromEnvironment();
  const ledgerOn = process.env[CHILD_ENV.ledger] === 'on';
  const app = createGatewayApp(ledgerOn ? services : withoutLedger(services, secret), modelRoutes);
  const server = await startHttpAdapter(app, { port: 0, maxBodyBytes: services.config.maxBodyBytes });
  process.on('message', (message: CommandMessage) => {
    if (message.type === 'usage') {
      const cpu = process.cpuUsage();
      send({
        type: 'usage',
        cpuMicros: cpu.user + cpu.system,
        rssBytes: process.memoryUsage.rss(),
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
      });
    } else {
      void server.close().then(() => process.exit(0));
    }
  });
  // The parent going away must not leave a server behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url: server.url });
}

main().catch((error: unknown) => {
  process.stderr.write(`gateway child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
