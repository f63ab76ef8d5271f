/**
 * @module The ledger's single-table layout: key builders for every item type and period arithmetic.
 *
 * Every item lives in one table (`pk`, `sk`, TTL `ttl`, index `gsi1` on `gsi1pk`/`gsi1sk`). Periods
 * and windows are part of the sort key, so a new day, month or minute is a new item: roll-over
 * never depends on TTL deletion, which only removes items nobody reads any more.
 */

/** What a budget or limit is attached to. */
const SUBJECT_KINDS = ['key', 'team', 'principal'] as const;
type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** A budget or limit holder: a virtual key, a team, or a JWT/IAM principal. */
interface Subject {
  readonly kind: SubjectKind;
  readonly id: string;
}

/** Budget periods; `total` never rolls over. */
const BUDGET_PERIODS = ['day', 'month', 'total'] as const;
type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

/** Primary key of an item. */
interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Sort-key components may hold `#` (JWT principal ids) or `/` (ARNs): encode them. */
const part = (value: string): string => encodeURIComponent(value);

const itemKeys = {
  key: (keyId: string): ItemKey => ({ pk: `KEY#${keyId}`, sk: 'KEY' }),
  keyHash: (hashHex: string): ItemKey => ({ pk: `KEYHASH#${hashHex}`, sk: 'KEYHASH' }),
  policy: (subject: Subject): ItemKey => ({ pk: `SUBJECT#${subject.kind}#${part(subject.id)}`, sk: 'POLICY' }),
  budget: (subject: Subject, period: BudgetPeriod, periodKey: string): ItemKey => ({
    pk: `SUBJECT#${subject.kind}#${part(subject.id)}`,
    sk: `BUDGET#${period}#${periodKey}`,
  }),
  rateWindow: (subject: Subject, windowStartMs: number): ItemKey => ({
    pk: `RATE#${subject.kind}#${part(subject.id)}`,
    sk: `MINUTE#${Math.floor(windowStartMs / MINUTE_MS)}`,
  }),
  usage: (requestId: string): ItemKey => ({ pk: `REQ#${requestId}`, sk: 'REQ' }),
  aggregate: (principalId: string, day: string, team: string | undefined, model: string): ItemKey => ({
    pk: `AGG#${part(principalId)}`,
    sk: `DAY#${day}#${part(team ?? '')}#${part(model)}`,
  }),
  /** One budget alert: a threshold crossed in a period, written once (its absence decides who publishes). */
  budgetAlert: (subject: Subject, period: BudgetPeriod, periodKey: string, thresholdPercent: number): ItemKey => ({
    pk: `SUBJECT#${subject.kind}#${part(subject.id)}`,
    sk: `ALERT#${period}#${periodKey}#${String(thresholdPercent).padStart(3, '0')}`,
  }),
} as const;

/** The subject of a budget counter or policy item, from its `pk`; undefined for any other item. */
function subjectOfBudgetKey(pk: string): Subject | undefined {
  const match = /^SUBJECT#([a-z]+)#(.+)$/.exec(pk);
  if (match === null) return undefined;
  const [, kind = '', id = ''] = match;
  return (SUBJECT_KINDS as readonly string[]).includes(kind) ? { kind: kind as SubjectKind, id: decodeURIComponent(id) } : undefined;
}

/** The first and last day (`YYYY-MM-DD`, UTC) of a budget period; `total` starts at `firstDay`. */
function daysOfPeriod(period: BudgetPeriod, periodKey: string, today: string, firstDay: string): { readonly fromDay: string; readonly toDay: string } {
  switch (period) {
    case 'day':
      return { fromDay: periodKey, toDay: periodKey };
    case 'month': {
      const start = Date.parse(`${periodKey}-01T00:00:00Z`);
      const end = periodOf('month', start).endMs - DAY_MS;
      return { fromDay: utcDay(start), toDay: utcDay(end) };
    }
    case 'total':
      return { fromDay: firstDay, toDay: today };
    default: {
      const exhaustive: never = period;
      throw new Error(`unknown budget period ${String(exhaustive)}`);
    }
  }
}

/** The gsi1 partition that lists every subject's budget counter of one period. */
function budgetPeriodPartition(period: BudgetPeriod, periodKey: string): string {
  return `BUDGETS#${period}#${periodKey}`;
}

/** The gsi1 partition listing every subject policy (budgets and limits), sorted by kind and id. */
const POLICY_LIST_PARTITION = 'POLICIES';
/** The gsi1 partition listing budget alerts, sorted by time. */
const ALERT_LIST_PARTITION = 'ALERTS';

/** Index (gsi1) keys: listing keys, policies, budget counters per period, alerts, usage records per principal, aggregates per day. */
const indexKeys = {
  budgetsByPeriod: (period: BudgetPeriod, periodKey: string, subject: Subject): ItemKey => ({
    pk: budgetPeriodPartition(period, periodKey),
    sk: `${subject.kind}#${part(subject.id)}`,
  }),
  keyList: (createdAtIso: string, keyId: string): ItemKey => ({ pk: 'KEYS', sk: `${createdAtIso}#${keyId}` }),
  policyList: (subject: Subject): ItemKey => ({ pk: POLICY_LIST_PARTITION, sk: `${subject.kind}#${part(subject.id)}` }),
  alertList: (atIso: string, alert: ItemKey): ItemKey => ({ pk: ALERT_LIST_PARTITION, sk: `${atIso}#${alert.pk}#${alert.sk}` }),
  usageByPrincipal: (principalId: string, atIso: string, requestId: string): ItemKey => ({
    pk: `USAGE#${part(principalId)}`,
    sk: `${atIso}#${requestId}`,
  }),
  aggregateByDay: (day: string, principalId: string, team: string | undefined, model: string): ItemKey => ({
    pk: `AGGDAY#${day}`,
    sk: `${part(principalId)}#${part(team ?? '')}#${part(model)}`,
  }),
} as const;

/** `YYYY-MM-DD` of an instant, in UTC. */
function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The period an instant falls in: its key and the epoch ms when it ends (`Infinity` for `total`). */
function periodOf(period: BudgetPeriod, ms: number): { readonly key: string; readonly endMs: number } {
  const date = new Date(ms);
  switch (period) {
    case 'day':
      return { key: utcDay(ms), endMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1) };
    case 'month':
      return { key: utcDay(ms).slice(0, 7), endMs: Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) };
    case 'total':
      return { key: 'all', endMs: Number.POSITIVE_INFINITY };
    default: {
      const exhaustive: never = period;
      throw new Error(`unknown budget period ${String(exhaustive)}`);
    }
  }
}

/** Start of the one-minute rate window an instant falls in. */
function minuteWindowStart(ms: number): number {
  return Math.floor(ms / MINUTE_MS) * MINUTE_MS;
}

/** Epoch seconds for the `ttl` attribute. */
function ttlSeconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

/** The days from `from` to `to` inclusive, as `YYYY-MM-DD` (both `YYYY-MM-DD`). */
function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY_MS) days.push(utcDay(ms));
  return days;
}

export {
  ALERT_LIST_PARTITION,
  BUDGET_PERIODS,
  DAY_MS,
  MINUTE_MS,
  POLICY_LIST_PARTITION,
  SUBJECT_KINDS,
  budgetPeriodPartition,
  daysBetween,
  daysOfPeriod,
  indexKeys,
  itemKeys,
  minuteWindowStart,
  periodOf,
  subjectOfBudgetKey,
  ttlSeconds,
  utcDay,
};
export type { BudgetPeriod, ItemKey, Subject, SubjectKind };
