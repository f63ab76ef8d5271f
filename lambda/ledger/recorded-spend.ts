/**
 * @module The recorded spend a budget counter did not see: what a budget set or changed mid-period
 * must start from.
 *
 * Every daily aggregate splits its cost by the counters it went through (usage-store.ts), so the
 * spend of a period that bypassed a counter is the aggregates' cost minus the part counted there:
 * requests made while the subject had no budget, or a budget of another period.
 */
import { daysOfPeriod, type BudgetPeriod, type Subject } from './table-keys';
import { countedField, type UsageStore } from './usage-store';

/** The days a `total` period reaches back to, and today. */
interface SpendCalendar {
  /** `YYYY-MM-DD`: no usage can be older (the day the table was created). */
  readonly firstDay: string;
  readonly today: string;
}

/** The spend of `subject` in the period that did not go through its counter of that period. */
async function uncountedSpendNanoUsd(
  usage: Pick<UsageStore, 'aggregates'>,
  subject: Subject,
  period: BudgetPeriod,
  periodKey: string,
  calendar: SpendCalendar,
): Promise<number> {
  const { fromDay, toDay } = daysOfPeriod(period, periodKey, calendar.today, calendar.firstDay);
  const role = subject.kind === 'team' ? 'team' : 'own';
  const rows = await usage.aggregates(role === 'team' ? { fromDay, toDay, team: subject.id } : { fromDay, toDay, principalId: subject.id });
  const counted = countedField(role, period);
  return rows.reduce((sum, row) => sum + row.costNanoUsd - (row[counted] ?? 0), 0);
}

export { uncountedSpendNanoUsd };
export type { SpendCalendar };
