/**
 * @module The request meter on DynamoDB: rate limits and budget reservations at admission, exact
 * settlement and a usage record at the end.
 *
 * Admission reads the subjects' policies (the key or principal, and its team; read ahead within a
 * short bound, policy-cache.ts) and then takes every rate window and budget reservation at once,
 * together with the caller's fresh credential check when authentication left it pending: on a warm
 * instance that is one round trip of parallel single-item requests. When any of them
 * refuses, or DynamoDB fails, everything the admission may have taken is given back (each give-back
 * is exactly-once by its marker, so one whose reservation never landed changes nothing): a refused
 * request uses up neither windows nor budgets. A storage fault is the client's 503 with
 * `retry-after`, since nothing was sent to the model and nothing is charged.
 *
 * Each admission has its own id. Settlement (settlement.ts) corrects every counter of that admission
 * whatever happens to the usage record, repeats what DynamoDB refused, defers what is still left to
 * the maintenance sweep, and never throws: usage is recorded even when the client went away or
 * Bedrock failed midway.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { InsufficientQuotaError, RateLimitError } from '../platform/errors';
import { METRIC, type MetricName } from '../platform/metric-names';
import { getLogger } from '../platform/observability';
import { BudgetShortfallError, budgetReservationOf, type BudgetCounters, type BudgetReservation, type BudgetSpendListener } from './budget-counters';
import { describeBudgetShortfall } from './budget-refusal';
import type { Admission, AdmissionInput, ChargedPrincipal, RequestMeter, TokenUsage, UsageOutcome } from './meter-types';
import type { PendingSettlementStore, SettlementPlan } from './pending-settlements';
import { createPolicyCache, type PolicyCache } from './policy-cache';
import type { PolicyStore, SubjectPolicy } from './policy-store';
import { rateReservationOf, type RateLimiter, type RateReservation } from './rate-limiter';
import { settleRequest } from './settlement';
import { isTransientStorageError, ledgerUnavailable, retryUntil } from './storage-faults';
import type { Subject } from './table-keys';
import type { UsageStore } from './usage-store';

interface DynamoMeterOptions {
  /** Epoch milliseconds; injectable so tests control periods and windows. @default Date.now */
  readonly now?: () => number;
  /**
   * How long budget and limit settings read from DynamoDB are used without a refresh (see
   * policy-cache.ts: up to `policyMaxStaleMs` they are used while one background read refreshes
   * them). Counters are never cached, so this only delays a changed setting.
   * @default 1000
   */
  readonly policyCacheMs?: number;
  /** @default DEFAULT_POLICY_MAX_STALE_MS */
  readonly policyMaxStaleMs?: number;
  /** A cache built by the caller (which forgets what it changes); replaces the two settings above. */
  readonly policyCache?: PolicyCache;
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
  readonly pending: PendingSettlementStore;
  /** Told of each budget's spend before and after a settlement (budget alerts). */
  readonly onBudgetSpend?: BudgetSpendListener;
}

/** How long a refused admission keeps trying to give back what it may have taken. */
const ROLLBACK_RETRY_WINDOW_MS = 2_000;
/**
 * How long admission repeats a reservation DynamoDB failed (past the SDK's attempts, whose retry
 * quota a partial outage soon drains) before the client gets a 503: a short delay before Bedrock
 * is cheaper for the client than a refusal.
 */
const ADMISSION_RETRY_WINDOW_MS = 1_000;

/** The subjects whose budgets and limits apply to a principal: itself, then its team. */
function subjectsOf(principal: ChargedPrincipal): Subject[] {
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

/** Whether two subjects are the same key, team or principal. */
function sameSubject(a: Subject, b: Subject): boolean {
  return a.kind === b.kind && a.id === b.id;
}

/** One reservation an admission attempts: what it would hold, and the write that takes it. */
type Attempt =
  | { readonly kind: 'rate'; readonly reservation: RateReservation; readonly take: Promise<unknown> }
  | { readonly kind: 'budget'; readonly reservation: BudgetReservation; readonly take: Promise<unknown> };

/** Builds a meter from existing stores. */
function createMeterFromParts(
  parts: MeterParts,
  { now = Date.now, policyCacheMs = 1000, policyMaxStaleMs, policyCache, logger = getLogger(), metrics }: DynamoMeterOptions,
): RequestMeter {
  const policies =
    policyCache ??
    createPolicyCache(parts.policies, {
      freshMs: policyCacheMs,
      maxStaleMs: policyMaxStaleMs,
      now,
      onRefreshError: (error) => logger.warn('policy refresh failed; the policies read before stay in use', { error: error as Error }),
    });
  const count = (metric: MetricName): void => {
    metrics?.addMetric(metric, MetricUnit.Count, 1);
  };

  /** Gives back what a refused admission may have taken; failures are logged (the sweep or the window's end cleans up). */
  async function rollBack(attempts: readonly Attempt[], requestId: string): Promise<void> {
    const deadlineAtMs = Date.now() + ROLLBACK_RETRY_WINDOW_MS;
    await Promise.all(
      attempts.map((attempt) =>
        retryUntil(
          async () => {
            if (attempt.kind === 'budget') await parts.budgets.release(attempt.reservation);
            else await parts.rateLimits.release(attempt.reservation);
          },
          { deadlineAtMs, now: Date.now },
        ).catch((error: unknown) => {
          logger.error(`${attempt.kind === 'budget' ? 'budget' : 'rate window'} release failed`, { requestId, subject: attempt.reservation.subject, error: error as Error });
        }),
      ),
    );
  }

  /** The client's error for a refused admission: a limit's refusal wins over a storage fault. */
  function refusal(input: AdmissionInput, errors: readonly unknown[]): unknown {
    const rateLimited = errors.find((error) => RateLimitError.isInstance(error));
    if (rateLimited !== undefined) {
      count(METRIC.rateLimitDenials);
      return rateLimited;
    }
    const shortfall = errors.find((error) => BudgetShortfallError.isInstance(error));
    if (shortfall !== undefined) {
      count(METRIC.budgetDenials);
      return new InsufficientQuotaError(describeBudgetShortfall((shortfall as BudgetShortfallError).shortfall, input));
    }
    const [first] = errors;
    if (!isTransientStorageError(first)) return first;
    count(METRIC.ledgerUnavailable);
    logger.error('admission failed: DynamoDB unavailable', { requestId: input.requestId, error: first as Error });
    return ledgerUnavailable(first);
  }

  async function admit(input: AdmissionInput): Promise<Admission> {
    const admittedAtMs = now();
    const admissionId = newAdmissionId();
    // Issued first, so it goes out in the same round trip as the reservations; the error when it failed.
    const credentialRefusal: Promise<unknown> =
      input.credentialCheck === undefined ? Promise.resolve(undefined) : input.credentialCheck().then(() => undefined, (error: unknown) => error ?? new Error('credential check failed'));
    let subjectPolicies: SubjectPolicy[];
    let policiesRefreshed: Promise<void>;
    try {
      ({ policies: subjectPolicies, refreshed: policiesRefreshed } = await policies.read(subjectsOf(input.principal)));
    } catch (error) {
      throw (await credentialRefusal) ?? refusal(input, [error]);
    }
    const retryOptions = { deadlineAtMs: Date.now() + ADMISSION_RETRY_WINDOW_MS, now: Date.now };
    const attempts: Attempt[] = [];
    for (const { subject, limits } of subjectPolicies) {
      if (limits === undefined || (limits.rpm === undefined && limits.tpm === undefined)) continue;
      attempts.push({
        kind: 'rate',
        reservation: rateReservationOf(subject, input.estimatedInputTokens, admittedAtMs, admissionId),
        take: retryUntil(
          (attempt) => parts.rateLimits.admit(subject, limits, input.estimatedInputTokens, admittedAtMs, admissionId, attempt > 0),
          retryOptions,
        ),
      });
    }
    for (const { subject, budget } of subjectPolicies) {
      if (budget === undefined) continue;
      attempts.push({
        kind: 'budget',
        reservation: budgetReservationOf(subject, budget, input.maxCostNanoUsd, admittedAtMs, admissionId),
        take: retryUntil((attempt) => parts.budgets.reserve(subject, budget, input.maxCostNanoUsd, admittedAtMs, admissionId, attempt > 0), retryOptions),
      });
    }
    // A policy refresh this admission started is waited for too (same round trip): nothing outlives the request.
    const [results, refusedCredential] = await Promise.all([Promise.allSettled(attempts.map((attempt) => attempt.take)), credentialRefusal, policiesRefreshed]);
    const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
    if (refusedCredential !== undefined || errors.length > 0) {
      // A refusal took nothing; anything else (taken, or failed with an unknown outcome) is given back.
      const refused = (error: unknown): boolean => RateLimitError.isInstance(error) || BudgetShortfallError.isInstance(error);
      await rollBack(
        attempts.filter((_, index) => {
          const result = results[index];
          return result?.status === 'fulfilled' || !refused(result?.reason);
        }),
        input.requestId,
      );
      // A refused or unverifiable credential is the answer, whatever the limits said.
      throw refusedCredential ?? refusal(input, errors);
    }
    const rates = attempts.flatMap((attempt) => (attempt.kind === 'rate' ? [attempt.reservation] : []));
    const budgets = attempts.flatMap((attempt) => (attempt.kind === 'budget' ? [attempt.reservation] : []));
    return createAdmission(input, admissionId, admittedAtMs, rates, budgets);
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
    const [own, team] = subjectsOf(principal);
    const periodHeldBy = (subject: Subject | undefined) =>
      subject === undefined ? undefined : budgetReservations.find((reservation) => sameSubject(reservation.subject, subject))?.period;

    function settleOnce(outcome: UsageOutcome): Promise<void> {
      const settledAtMs = now();
      const costNanoUsd = countOrZero(outcome.costNanoUsd);
      const usage = {
        inputTokens: countOrZero(outcome.usage.inputTokens),
        outputTokens: countOrZero(outcome.usage.outputTokens),
        cacheReadTokens: countOrZero(outcome.usage.cacheReadTokens),
        cacheWriteTokens: countOrZero(outcome.usage.cacheWriteTokens),
      };
      const plan: SettlementPlan = {
        record: {
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
        },
        counted: { own: periodHeldBy(own), team: periodHeldBy(team) },
        budgets: budgetReservations,
        costNanoUsd,
      };
      return settleRequest(
        plan,
        { reservations: rateReservations, actualTokens: totalTokens(usage), settledAtMs },
        parts,
        { logger, metrics, deadlineAtMs: input.deadlineAtMs },
      );
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

export { createMeterFromParts, subjectsOf };
export type { DynamoMeterOptions, MeterParts };
