/**
 * @module The request meter on DynamoDB: rate limits and budget reservations at admission, exact
 * settlement and a usage record at the end.
 *
 * Admission runs per subject (the key or principal, then its team): rate windows first, then budget
 * reservations; when any of them denies the request, every reservation already taken (rate windows
 * and budgets) is given back, so a refused request uses up neither. Rate windows go first because a
 * rate denial then costs no write on the (hot, shared) budget counters, and a budget denial only
 * holds one request in a window for the few milliseconds before it is given back.
 *
 * Each admission has its own id. Settlement corrects every counter of that admission whatever
 * happens to the usage record (budget counters once per admission, see budget-counters.ts), and
 * never throws: each write is attempted and logged on failure, so usage is recorded even when the
 * client went away or Bedrock failed midway.
 */
import { randomBytes } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { Principal } from '../identity/principal';
import { METRIC, type MetricName } from '../platform/metric-names';
import { getLogger } from '../platform/observability';
import { createBudgetCounters, type BudgetCounters, type BudgetReservation } from './budget-counters';
import type { Admission, AdmissionInput, RequestMeter, TokenUsage, UsageOutcome } from './meter-types';
import { createPolicyStore, type PolicyStore, type SubjectPolicy } from './policy-store';
import { createRateLimiter, type RateLimiter, type RateReservation } from './rate-limiter';
import type { Subject } from './table-keys';
import { createUsageStore, type UsageStore } from './usage-store';

interface DynamoMeterOptions {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Epoch milliseconds; injectable so tests control periods and windows. @default Date.now */
  readonly now?: () => number;
  /** Days a usage record is kept. @default 90 */
  readonly usageRetentionDays?: number;
  /**
   * How long budget and limit settings are cached in memory. Counters are never cached, so this
   * only delays a changed setting, never weakens enforcement.
   * @default 1000
   */
  readonly policyCacheMs?: number;
  /** @default getLogger() */
  readonly logger?: Logger;
  /** Counts budget and rate-limit denials when given. */
  readonly metrics?: Metrics;
}

/** Stores a meter is built from, when the caller already has them. */
interface MeterParts {
  readonly policies: PolicyStore;
  readonly budgets: BudgetCounters;
  readonly rateLimits: RateLimiter;
  readonly usage: UsageStore;
}

/** The subjects whose budgets and limits apply to a principal: itself, then its team. */
function subjectsOf(principal: Principal): Subject[] {
  const own: Subject = { kind: principal.kind === 'key' ? 'key' : 'principal', id: principal.id };
  return principal.team === undefined || principal.team === '' ? [own] : [own, { kind: 'team', id: principal.team }];
}

function totalTokens({ inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens }: TokenUsage): number {
  return inputTokens + outputTokens + cacheReadTokens + cacheWriteTokens;
}

/** A count the ledger can store: a non-negative safe integer, else 0 (settlement must not fail on it). */
function countOrZero(value: number): number {
  return Number.isSafeInteger(value) && value >= 0 ? value : 0;
}

/** A per-admission id: 12 characters of `[A-Za-z0-9_-]`. */
function newAdmissionId(): string {
  return randomBytes(9).toString('base64url');
}

/** Reads policies through a short cache (keyed by subject). */
function cachedPolicies(policies: PolicyStore, ttlMs: number, now: () => number): (subjects: readonly Subject[]) => Promise<SubjectPolicy[]> {
  const cache = new Map<string, { policy: SubjectPolicy; expiresAtMs: number }>();
  const keyOf = (subject: Subject): string => `${subject.kind}\u0000${subject.id}`;
  return async function read(subjects) {
    if (ttlMs <= 0) return policies.getMany(subjects);
    const at = now();
    const missing = subjects.filter((subject) => (cache.get(keyOf(subject))?.expiresAtMs ?? 0) <= at);
    if (missing.length > 0) {
      for (const policy of await policies.getMany(missing)) cache.set(keyOf(policy.subject), { policy, expiresAtMs: at + ttlMs });
    }
    return subjects.map((subject) => (cache.get(keyOf(subject)) as { policy: SubjectPolicy }).policy);
  };
}

/** Builds a meter from existing stores. */
function createMeterFromParts(
  parts: MeterParts,
  { now = Date.now, policyCacheMs = 1000, logger = getLogger(), metrics }: Omit<DynamoMeterOptions, 'client' | 'tableName' | 'usageRetentionDays'>,
): RequestMeter {
  const readPolicies = cachedPolicies(parts.policies, policyCacheMs, now);
  const count = (metric: MetricName): void => {
    metrics?.addMetric(metric, MetricUnit.Count, 1);
  };

  /** Gives back everything a denied admission had taken; failures are logged (the sweep or the window's end cleans up). */
  async function rollBack(rates: readonly RateReservation[], budgets: readonly BudgetReservation[], requestId: string): Promise<void> {
    await Promise.all([
      ...budgets.map((reservation) =>
        parts.budgets.release(reservation).catch((error: unknown) => {
          logger.error('budget release failed', { requestId, subject: reservation.subject, error: error as Error });
        }),
      ),
      ...rates.map((reservation) =>
        parts.rateLimits.release(reservation).catch((error: unknown) => {
          logger.error('rate window release failed', { requestId, subject: reservation.subject, error: error as Error });
        }),
      ),
    ]);
  }

  async function admit(input: AdmissionInput): Promise<Admission> {
    const admittedAtMs = now();
    const admissionId = newAdmissionId();
    const policies = await readPolicies(subjectsOf(input.principal));
    const rateReservations: RateReservation[] = [];
    const budgetReservations: BudgetReservation[] = [];
    let stage: MetricName = METRIC.rateLimitDenials;
    try {
      for (const { subject, limits } of policies) {
        if (limits === undefined || (limits.rpm === undefined && limits.tpm === undefined)) continue;
        rateReservations.push(await parts.rateLimits.admit(subject, limits, input.estimatedInputTokens, admittedAtMs));
      }
      stage = METRIC.budgetDenials;
      for (const { subject, budget } of policies) {
        if (budget === undefined) continue;
        budgetReservations.push(await parts.budgets.reserve(subject, budget, input.maxCostNanoUsd, admittedAtMs, admissionId));
      }
    } catch (error) {
      await rollBack(rateReservations, budgetReservations, input.requestId);
      count(stage);
      throw error;
    }
    return createAdmission(input, admissionId, admittedAtMs, rateReservations, budgetReservations);
  }

  function createAdmission(
    input: AdmissionInput,
    admissionId: string,
    admittedAtMs: number,
    rateReservations: readonly RateReservation[],
    budgetReservations: readonly BudgetReservation[],
  ): Admission {
    let settling: Promise<void> | undefined;
    const { requestId, principal } = input;
    const attempt = async (what: string, write: () => Promise<unknown>): Promise<void> => {
      try {
        await write();
      } catch (error) {
        logger.error(`${what} failed`, { requestId, principal: principal.id, error: error as Error });
      }
    };

    async function settleOnce(outcome: UsageOutcome): Promise<void> {
      const settledAtMs = now();
      const costNanoUsd = countOrZero(outcome.costNanoUsd);
      const usage = {
        inputTokens: countOrZero(outcome.usage.inputTokens),
        outputTokens: countOrZero(outcome.usage.outputTokens),
        cacheReadTokens: countOrZero(outcome.usage.cacheReadTokens),
        cacheWriteTokens: countOrZero(outcome.usage.cacheWriteTokens),
      };
      const tokens = totalTokens(usage);
      // Independent writes: the counters belong to this admission whatever the usage record says.
      await Promise.all([
        attempt('usage record', async () => {
          const result = await parts.usage.record({
            requestId,
            admissionId,
            atMs: admittedAtMs,
            principalId: principal.id,
            principalKind: principal.kind,
            team: principal.team,
            keyId: principal.kind === 'key' ? principal.id : undefined,
            model: input.model.id,
            servedModel: outcome.servedModel,
            ...usage,
            costNanoUsd,
            latencyMs: countOrZero(outcome.latencyMs),
            timeToFirstTokenMs: outcome.timeToFirstTokenMs === undefined ? undefined : countOrZero(outcome.timeToFirstTokenMs),
            status: outcome.status,
            errorCode: outcome.errorCode,
            clientAborted: outcome.clientAborted ?? false,
          });
          if (result === 'duplicate') logger.warn('request id already recorded by another admission; usage record left unchanged', { requestId });
        }),
        ...budgetReservations.map((reservation) =>
          attempt('budget settlement', async () => {
            if ((await parts.budgets.settle(reservation, costNanoUsd)) === 'notHeld') {
              logger.warn('budget reservation no longer held (settled by an earlier attempt, or released as stale)', {
                requestId,
                subject: reservation.subject,
              });
            }
          }),
        ),
        ...rateReservations.map((reservation) => attempt('rate window settlement', () => parts.rateLimits.settle(reservation, tokens, settledAtMs))),
      ]);
    }

    return {
      settle(outcome) {
        settling ??= settleOnce(outcome).catch((error: unknown) => {
          logger.error('settlement failed', { requestId, error: error as Error });
        });
        return settling;
      },
    };
  }

  return { admit };
}

/** Builds the DynamoDB-backed `RequestMeter`. */
function createDynamoMeter(options: DynamoMeterOptions): RequestMeter {
  const { client, tableName } = options;
  return createMeterFromParts(
    {
      policies: createPolicyStore({ client, tableName, now: options.now }),
      budgets: createBudgetCounters({ client, tableName }),
      rateLimits: createRateLimiter({ client, tableName }),
      usage: createUsageStore({ client, tableName, retentionDays: options.usageRetentionDays }),
    },
    options,
  );
}

export { createDynamoMeter, createMeterFromParts, subjectsOf };
export type { DynamoMeterOptions, MeterParts };
