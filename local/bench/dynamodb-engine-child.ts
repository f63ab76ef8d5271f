/**
 * @module The benchmark's DynamoDB side in a process of its own: the embedded engine (dynalite) and
 * the delaying proxy in front of it. Run in the load generator, their work would delay the timings
 * it takes, and only for the targets that use DynamoDB; here their CPU is their own, and reported.
 * Answers the benchmark over Node IPC (see child-protocol.ts).
 */
import { startEmbeddedDynamoDb } from '../embedded-dynamodb';
import type { EngineCommand, EngineMessage } from './child-protocol';
import { startDynamoDbDelayProxy } from './dynamodb-delay-proxy';

function send(message: EngineMessage): void {
  process.send?.(message);
}

async function main(): Promise<void> {
  const engine = await startEmbeddedDynamoDb();
  const proxy = await startDynamoDbDelayProxy({ target: engine.endpoint, delayMs: Number(process.argv[2] ?? '0') });
  process.on('message', (command: EngineCommand) => {
    void (async () => {
      switch (command.type) {
        case 'delay':
          proxy.setDelay(command.delayMs);
          return send({ type: 'answer', id: command.id });
        case 'calls':
          return send({ type: 'answer', id: command.id, calls: proxy.callsSince(command.since) });
        case 'quiet':
          await proxy.whenQuiet(command.quietMs);
          return send({ type: 'answer', id: command.id });
        case 'usage': {
          const cpu = process.cpuUsage();
          return send({ type: 'answer', id: command.id, cpuMicros: cpu.user + cpu.system, connections: proxy.connectionsOpened() });
        }
        case 'stop':
          await proxy.close();
          await engine.close();
          process.exit(0);
      }
    })();
  });
  // The benchmark going away must not leave the engine behind.
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', endpoint: proxy.endpoint });
}

main().catch((error: unknown) => {
  process.stderr.write(`DynamoDB engine child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
