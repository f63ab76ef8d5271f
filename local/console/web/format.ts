/**
 * @module How the console writes numbers, money and times: pure functions, no DOM.
 *
 * A dollar or more shows cents ("$1,234.50"); a cent up to a dollar up to four decimals ("$0.0104",
 * "$0.50"); smaller non-zero amounts, common for single requests, three significant digits
 * ("$0.00452"), so they never read as "$0.00".
 */

const NO_VALUE = '—';

const cents = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const underADollar = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 4 });
const subCent = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumSignificantDigits: 3 });
const exact = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 9 });
const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** Dollars for reading: cents from a dollar up, up to four decimals from a cent, three significant digits below. */
function formatUsd(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  const size = Math.abs(value);
  if (size >= 1 || value === 0) return cents.format(value);
  return size >= 0.01 ? underADollar.format(value) : subCent.format(value);
}

/** Axis ticks: every tick with as many decimals as the step between ticks needs (at least cents). */
function formatUsdTicks(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs((ticks[1] ?? 0) - (ticks[0] ?? 0)) : 1;
  const decimals = step > 0 ? Math.min(9, Math.max(2, Math.ceil(-Math.log10(step) - 1e-9))) : 2;
  const format = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return ticks.map((tick) => format.format(tick));
}

/** Dollars to the nano-dollar, for titles and tooltips. */
function formatUsdExact(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return exact.format(value);
}

/** Whole numbers with thousands separators. */
function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  return count.format(value);
}

/** The share of a limit already spent, from 0 (also for a zero limit with nothing spent) up, unclamped. */
function spentShare(spentUsd: number, limitUsd: number): number {
  if (limitUsd <= 0) return spentUsd > 0 ? 1 : 0;
  return spentUsd / limitUsd;
}

/** A share as a percentage ("42%", "0.3%"). */
function formatPercent(share: number): string {
  return percent.format(share);
}

/** An ISO timestamp as "2026-11-01 14:05 UTC". */
function formatDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return NO_VALUE;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** A UTC day as YYYY-MM-DD, `offsetDays` from the day of `nowMs`. */
function utcDay(nowMs: number, offsetDays = 0): string {
  return new Date(nowMs + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export { NO_VALUE, formatCount, formatDateTime, formatPercent, formatUsd, formatUsdExact, formatUsdTicks, spentShare, utcDay };
