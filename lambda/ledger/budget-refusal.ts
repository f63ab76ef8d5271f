/**
 * @module What a client hears when a budget refuses its request: the worst case, what remains, and
 * the largest `max_tokens` that would fit, so "Budget exhausted" never hides that only the default
 * output allowance was too large.
 */
import { nanoUsdToUsd } from '../catalog/pricing';
import type { BudgetShortfall } from './budget-counters';

/** What the meter knows of the refused request's worst case. */
interface WorstCaseParts {
  /** The output tokens the worst case allows for. */
  readonly maxOutputTokens: number;
  /** Integer nano-USD per output token in the worst case; unknown leaves the suggestion out. */
  readonly outputNanoUsdPerToken?: number;
  /** The worst case without its output tokens (input estimate, retried inputs). */
  readonly nonOutputCostNanoUsd?: number;
}

/** Dollars from nano-dollars, exact, without trailing zeros beyond the cents (`0.0123`, `1.50`). */
function formatUsd(nanoUsd: number): string {
  const exact = nanoUsdToUsd(nanoUsd);
  const [whole, fraction = ''] = exact.split('.');
  return `${whole}.${fraction.replace(/0+$/, '').padEnd(2, '0')}`;
}

/**
 * The largest `max_tokens` whose worst case fits `remainingNanoUsd`, or undefined when the output
 * price is unknown. 0 means nothing fits, not even the input; a value of `maxOutputTokens` or more
 * means the request as sent would fit now (others released what they held meanwhile).
 */
function largestFittingMaxTokens(remainingNanoUsd: number, parts: WorstCaseParts, requestedNanoUsd: number): number | undefined {
  const price = parts.outputNanoUsdPerToken;
  if (price === undefined || !Number.isSafeInteger(price) || price <= 0) return undefined;
  const nonOutput = parts.nonOutputCostNanoUsd ?? Math.max(0, requestedNanoUsd - parts.maxOutputTokens * price);
  return Math.max(0, Math.floor((remainingNanoUsd - nonOutput) / price));
}

function describePeriod({ budget, periodKey }: BudgetShortfall): string {
  return budget.period === 'total' ? 'in total' : `for ${budget.period} ${periodKey}`;
}

/**
 * The refusal message.
 *
 * @example
 * describeBudgetShortfall({ subject: { kind: 'key', id: 'key_1' }, budget: { limitNanoUsd: 10_000_000, period: 'day' },
 *   periodKey: '2026-11-21', requestedNanoUsd: 61_500_000, remainingNanoUsd: 10_000_000 },
 *   { maxOutputTokens: 4096, outputNanoUsdPerToken: 15_000, nonOutputCostNanoUsd: 60_000 })
 * // 'Budget exhausted for key "key_1": this request may cost up to 0.0615 USD (its input plus 4096 output
 * //  tokens), and 0.01 USD of the 0.01 USD budget for day 2026-11-21 remains. Set max_tokens to 662 or less to fit.'
 */
function describeBudgetShortfall(shortfall: BudgetShortfall, parts: WorstCaseParts): string {
  const { subject, budget, requestedNanoUsd, remainingNanoUsd } = shortfall;
  const what = parts.maxOutputTokens > 0 ? `its input plus ${parts.maxOutputTokens} output tokens` : 'its input';
  const head =
    `Budget exhausted for ${subject.kind} "${subject.id}": this request may cost up to ${formatUsd(requestedNanoUsd)} USD ` +
    `(${what}), and ${formatUsd(remainingNanoUsd)} USD of the ${formatUsd(budget.limitNanoUsd)} USD budget ` +
    `${describePeriod(shortfall)} remains.`;
  if (parts.maxOutputTokens === 0) return `${head} Send less input or ask for a larger budget.`;
  const fitting = largestFittingMaxTokens(remainingNanoUsd, parts, requestedNanoUsd);
  if (fitting === undefined) return `${head} Lower max_tokens or ask for a larger budget.`;
  if (fitting === 0) return `${head} Even its input alone does not fit; ask for a larger budget.`;
  if (fitting >= parts.maxOutputTokens) return `${head} Requests in flight held the rest; retry when they finish.`;
  return `${head} Set max_tokens to ${fitting} or less to fit.`;
}

export { describeBudgetShortfall, formatUsd, largestFittingMaxTokens };
export type { WorstCaseParts };
