/** @module The words and the JSON of a budget alert, the same for email (SNS), webhooks and the log. */
import { nanoUsdToUsd } from '../catalog/pricing';
import type { BudgetAlert } from './alert-store';

/** What a webhook receives (JSON body) and what follows the text in an SNS message. */
interface BudgetAlertPayload {
  readonly type: 'budget_alert';
  readonly budget: { readonly kind: string; readonly id: string };
  readonly thresholdPercent: number;
  readonly spentUsd: string;
  readonly limitUsd: string;
  readonly spentNanoUsd: number;
  readonly limitNanoUsd: number;
  readonly period: string;
  readonly periodKey: string;
  readonly at: string;
}

/** A rendered alert. */
interface AlertMessage {
  /** At most 100 characters (SNS's limit for email subjects). */
  readonly subject: string;
  readonly text: string;
  readonly payload: BudgetAlertPayload;
}

/** Dollars with cents, and more digits only when they are not zero (`$12.50`, `$0.000123`). */
function usd(nanoUsd: number): string {
  const exact = nanoUsdToUsd(nanoUsd);
  const [whole = '0', fraction = ''] = exact.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `$${whole}.${trimmed.length < 2 ? trimmed.padEnd(2, '0') : trimmed}`;
}

const PERIOD_WORDS: Readonly<Record<string, string>> = { day: 'daily', month: 'monthly', total: 'total' };

/** Renders an alert; the budget's id is quoted as given (ids are validated where budgets are set). */
function renderAlertMessage(alert: BudgetAlert): AlertMessage {
  const budget = `${alert.subject.kind} "${alert.subject.id}"`;
  const periodWord = PERIOD_WORDS[alert.period] ?? alert.period;
  const period = alert.period === 'total' ? 'in total' : `in period ${alert.periodKey}`;
  const subject = `Budget alert: ${budget} reached ${alert.thresholdPercent}% of its ${periodWord} budget`;
  const payload: BudgetAlertPayload = {
    type: 'budget_alert',
    budget: { kind: alert.subject.kind, id: alert.subject.id },
    thresholdPercent: alert.thresholdPercent,
    spentUsd: nanoUsdToUsd(alert.spentNanoUsd),
    limitUsd: nanoUsdToUsd(alert.limitNanoUsd),
    spentNanoUsd: alert.spentNanoUsd,
    limitNanoUsd: alert.limitNanoUsd,
    period: alert.period,
    periodKey: alert.periodKey,
    at: alert.at,
  };
  const text =
    `The ${periodWord} budget of ${budget} crossed its ${alert.thresholdPercent}% alert threshold ${period}: ` +
    `spent ${usd(alert.spentNanoUsd)} of ${usd(alert.limitNanoUsd)} (at ${alert.at}).`;
  return { subject: subject.length > 100 ? `${subject.slice(0, 97)}...` : subject, text, payload };
}

export { renderAlertMessage };
export type { AlertMessage, BudgetAlertPayload };
