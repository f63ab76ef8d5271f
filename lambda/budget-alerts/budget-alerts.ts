/**
 * @module Budget alerts: a settlement that crosses a budget's threshold claims the alert (one
 * conditional write per budget, period and threshold decides who publishes) and publishes it to
 * every destination, after the response and never failing it.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { BudgetSpendChange } from '../ledger/budget-counters';
import { DEFAULT_ALERT_THRESHOLDS } from '../ledger/policy-store';
import type { BackgroundTasks } from '../platform/background-tasks';
import { METRIC } from '../platform/metric-names';
import { renderAlertMessage } from './alert-message';
import type { AlertPublisher } from './alert-publishers';
import type { AlertStore, BudgetAlert } from './alert-store';
import { crossedThresholds } from './threshold-crossings';

interface BudgetAlertsOptions {
  readonly store: AlertStore;
  /** Every destination; each alert goes to all of them, a failing one does not stop the others. */
  readonly publishers: readonly AlertPublisher[];
  /** Where claims and publishing run (after the response). */
  readonly background: BackgroundTasks;
  readonly logger: Logger;
  readonly metrics?: Metrics;
}

/** Hears settlements and raises the alerts they cross. */
interface BudgetAlerts {
  /** The ledger's `onBudgetSpend` listener: returns at once, the work runs in the background. */
  readonly onBudgetSpend: (change: BudgetSpendChange) => void;
}

/** The alerts one spend change raises (pure). */
function alertsOf(change: BudgetSpendChange): BudgetAlert[] {
  const thresholds = crossedThresholds({
    spentBeforeNanoUsd: change.spentBeforeNanoUsd,
    spentAfterNanoUsd: change.spentAfterNanoUsd,
    limitNanoUsd: change.limitNanoUsd,
    thresholds: change.alertThresholds ?? DEFAULT_ALERT_THRESHOLDS,
  });
  const at = new Date(change.atMs).toISOString();
  return thresholds.map((thresholdPercent) => ({
    subject: change.subject,
    period: change.period,
    periodKey: change.periodKey,
    thresholdPercent,
    spentNanoUsd: change.spentAfterNanoUsd,
    limitNanoUsd: change.limitNanoUsd,
    at,
  }));
}

/** Builds the alerting listener. */
function createBudgetAlerts({ store, publishers, background, logger, metrics }: BudgetAlertsOptions): BudgetAlerts {
  const count = (name: string): void => {
    metrics?.addMetric(name, MetricUnit.Count, 1);
  };

  async function raise(alert: BudgetAlert): Promise<void> {
    const budget = { kind: alert.subject.kind, id: alert.subject.id, period: alert.periodKey, thresholdPercent: alert.thresholdPercent };
    let claimed: boolean;
    try {
      claimed = await store.claim(alert);
    } catch (error) {
      logger.error('budget alert not recorded: DynamoDB refused the claim', { budget, error: error as Error });
      count(METRIC.alertFailures);
      return;
    }
    if (!claimed) return;
    const message = renderAlertMessage(alert);
    await publishToAll(message, budget);
    // The request's own metrics went out with its response: these follow in their own EMF line.
    if (publishers.some((publisher) => publisher.name !== 'log')) metrics?.publishStoredMetrics();
  }

  async function publishToAll(message: ReturnType<typeof renderAlertMessage>, budget: Record<string, unknown>): Promise<void> {
    await Promise.all(
      publishers.map(async (publisher) => {
        try {
          await publisher.publish(message);
          if (publisher.name !== 'log') count(METRIC.alertsPublished);
        } catch (error) {
          logger.error(`budget alert not delivered to ${publisher.name}`, { budget, error: error as Error });
          count(METRIC.alertFailures);
        }
      }),
    );
  }

  return {
    onBudgetSpend(change) {
      for (const alert of alertsOf(change)) background.run(() => raise(alert));
    },
  };
}

export { alertsOf, createBudgetAlerts };
export type { BudgetAlerts, BudgetAlertsOptions };
