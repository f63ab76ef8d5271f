/**
 * Budget alerts against the embedded DynamoDB engine, wired by the production services factory:
 * concurrent settlements cross each threshold once, the alert store's conditional write lets exactly
 * one claimant publish, and every destination (a recording publisher, a local webhook server) gets
 * each alert once; a failing webhook never fails a settlement.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { AlertMessage } from '../../../lambda/budget-alerts/alert-message';
import type { AlertPublisher } from '../../../lambda/budget-alerts/alert-publishers';
import { createAlertStore } from '../../../lambda/budget-alerts/alert-store';
import { createBudgetAlerts } from '../../../lambda/budget-alerts/budget-alerts';
import { createServicesFromEnvironment } from '../../../lambda/gateway/services-factory';
import type { UsageOutcome } from '../../../lambda/ledger';
import type { BudgetSpendChange } from '../../../lambda/ledger/budget-counters';
import { createBackgroundTasks } from '../../../lambda/platform/background-tasks';
import { createLedgerTable } from '../../../local/embedded-dynamodb';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver';
import { admission, failMatching, useEmbeddedLedger } from './ledger-fixture';

const fixture = useEmbeddedLedger();

function recordingPublisher(): AlertPublisher & { readonly messages: AlertMessage[] } {
  const messages: AlertMessage[] = [];
  return {
    name: 'recording',
    messages,
    publish(message) {
      messages.push(message);
      return Promise.resolve();
    },
  };
}

function outcome(costNanoUsd: number): UsageOutcome {
  return { usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 0, cacheWriteTokens: 0 }, costNanoUsd, status: 200, latencyMs: 10, servedModel: 'test-model' };
}

let tables = 0;

/** The production wiring over a fresh table, with a recording publisher and the webhook receiver. */
async function wiredGateway(receiver: WebhookReceiver, extraEnv: Record<string, string> = {}) {
  const tableName = `alerts-test-${process.pid}-${++tables}`;
  await createLedgerTable(fixture.client(), tableName);
  const recording = recordingPublisher();
  const { services, ledger, alerts } = createServicesFromEnvironment({
    env: {
      GATEWAY_TABLE_NAME: tableName,
      GATEWAY_ALERT_WEBHOOK_URL: receiver.url,
      GATEWAY_ALERT_WEBHOOK_ALLOW_PRIVATE: 'true',
      POWERTOOLS_METRICS_DISABLED: 'true',
      ...extraEnv,
    },
    dynamo: fixture.client(),
    alertPublishers: [recording],
  });
  return { services, ledger, alerts, recording, tableName };
}

let receiver: WebhookReceiver;
beforeEach(async () => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  receiver = await startWebhookReceiver();
});
afterEach(() => receiver.close());

describe('budget alerts on settlement', () => {
  it('publishes 50, 80 and 100 percent exactly once each when 40 settlements race through a team budget', async () => {
    // GIVEN a team budget of 1,000 nano-USD with the default thresholds
    const { services, ledger, alerts, recording } = await wiredGateway(receiver);
    await ledger.policies.setBudget({ kind: 'team', id: 'search' }, { limitNanoUsd: 1000, period: 'month' });

    // WHEN 40 requests of the team are admitted, then all settle at once at 25 nano-USD each
    const admitted = await Promise.all(
      Array.from({ length: 40 }, (_, i) => ledger.meter.admit(admission({ id: `key_${i % 4}`, kind: 'key', team: 'search' }, { maxCostNanoUsd: 25 }))),
    );
    await Promise.all(admitted.map((one) => one.settle(outcome(25))));
    await services.background?.drain();

    // THEN each threshold was published once to every destination, naming budget, spend, limit and period
    const published = recording.messages.map((message) => message.payload).sort((a, b) => a.thresholdPercent - b.thresholdPercent);
    expect(published.map((payload) => payload.thresholdPercent)).toEqual([50, 80, 100]);
    for (const payload of published) {
      expect(payload).toMatchObject({ budget: { kind: 'team', id: 'search' }, limitNanoUsd: 1000, period: 'month' });
      expect(payload.spentNanoUsd).toBeGreaterThanOrEqual((payload.thresholdPercent * 1000) / 100);
    }
    expect(published.map((payload) => payload.spentNanoUsd)).toEqual([500, 800, 1000]);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received)).toEqual(new Set(receiver.received));
    expect((await alerts.recent(10)).map((alert) => alert.thresholdPercent).sort((a, b) => a - b)).toEqual([50, 80, 100]);
  });

  it('lets only one of two instances publish the same crossing reported to both at once (the conditional write decides)', async () => {
    // GIVEN two gateway instances (their own clients and alerting) on one ledger table
    const tableName = `alerts-race-${process.pid}-${++tables}`;
    await createLedgerTable(fixture.client(), tableName);
    const logger = new Logger({ logLevel: 'SILENT' });
    const instances = [fixture.newClient(), fixture.newClient()].map((client) => {
      const recording = recordingPublisher();
      const background = createBackgroundTasks(() => undefined);
      const alerting = createBudgetAlerts({ store: createAlertStore({ client, tableName }), publishers: [recording], background, logger });
      return { recording, background, alerting };
    });
    const change: BudgetSpendChange = {
      subject: { kind: 'key', id: 'key_1' },
      period: 'day',
      periodKey: '2026-12-05',
      limitNanoUsd: 100,
      spentBeforeNanoUsd: 40,
      spentAfterNanoUsd: 100,
      atMs: Date.parse('2026-12-05T10:00:00Z'),
    };

    // WHEN both hear the same change (a repeated settlement, a sweep beside a live request) ten times over
    for (let i = 0; i < 10; i++) for (const instance of instances) instance.alerting.onBudgetSpend(change);
    await Promise.all(instances.map((instance) => instance.background.drain()));

    // THEN 50, 80 and 100 were each published once in all
    const thresholds = instances.flatMap((instance) => instance.recording.messages.map((message) => message.payload.thresholdPercent));
    expect(thresholds.sort((a, b) => a - b)).toEqual([50, 80, 100]);
  });

  it('reports the spend of a settlement the maintenance sweep finishes (so the sweep alerts too)', async () => {
    // GIVEN a request whose settlement DynamoDB refuses (all writes but the deferral)
    const client = fixture.newClient();
    let failing = false;
    failMatching(
      client,
      (name, input) =>
        ['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand'].includes(name) &&
        (input.Item as Record<string, { S?: string }> | undefined)?.type?.S !== 'pendingSettlement',
      () => failing,
    );
    const changes: BudgetSpendChange[] = [];
    const { ledger, clock } = await fixture.newLedger({ client, onBudgetSpend: (change) => changes.push(change) });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_swept' }, { limitNanoUsd: 1000, period: 'day' });
    const admitted = await ledger.meter.admit(admission({ id: 'key_swept', kind: 'key' }, { maxCostNanoUsd: 800, deadlineAtMs: Date.now() + 4_000 }));
    failing = true;
    await admitted.settle(outcome(600));
    failing = false;
    expect(changes).toEqual([]);

    // WHEN the sweep finishes it
    clock.ms += 60 * 60_000;
    await ledger.releaseStaleReservations();

    // THEN the listener hears the budget's spend before and after, as from a live settlement
    expect(changes).toEqual([expect.objectContaining({ subject: { kind: 'key', id: 'key_swept' }, spentBeforeNanoUsd: 0, spentAfterNanoUsd: 600, limitNanoUsd: 1000 })]);
  });

  it('uses the thresholds set on the budget', async () => {
    const { services, ledger, recording } = await wiredGateway(receiver);
    await ledger.policies.setBudget({ kind: 'key', id: 'key_t' }, { limitNanoUsd: 1000, period: 'day', alertThresholds: [25, 90] });
    const one = await ledger.meter.admit(admission({ id: 'key_t', kind: 'key' }, { maxCostNanoUsd: 400 }));
    await one.settle(outcome(300));
    await services.background?.drain();
    expect(recording.messages.map((message) => message.payload.thresholdPercent)).toEqual([25]);
  });

  it('settles and still publishes elsewhere when the webhook fails or hangs', async () => {
    const { services, ledger, recording } = await wiredGateway(receiver, { GATEWAY_ALERT_WEBHOOK_TIMEOUT_MS: '200' });
    await ledger.policies.setBudget({ kind: 'key', id: 'key_w' }, { limitNanoUsd: 1000, period: 'day' });
    receiver.answer('hang');
    const one = await ledger.meter.admit(admission({ id: 'key_w', kind: 'key' }, { maxCostNanoUsd: 600 }));

    await expect(one.settle(outcome(600))).resolves.toBeUndefined();
    await services.background?.drain();

    expect(recording.messages.map((message) => message.payload.thresholdPercent)).toEqual([50]);
    const status = await ledger.budgets.status({ kind: 'key', id: 'key_w' }, { limitNanoUsd: 1000, period: 'day' }, ledger.now());
    expect(status.spentNanoUsd).toBe(600);
  });
});
