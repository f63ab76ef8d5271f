import { renderAlertMessage } from '../../../lambda/budget-alerts/alert-message';
import type { BudgetAlert } from '../../../lambda/budget-alerts/alert-store';

const alert = (overrides: Partial<BudgetAlert> = {}): BudgetAlert => ({
  subject: { kind: 'team', id: 'search' },
  period: 'month',
  periodKey: '2026-12',
  thresholdPercent: 80,
  spentNanoUsd: 40_123_456_789,
  limitNanoUsd: 50_000_000_000,
  at: '2026-12-05T10:00:00.000Z',
  ...overrides,
});

describe('renderAlertMessage: an alert names the budget, the spend, the limit and the period', () => {
  it('renders subject, text and JSON payload of a monthly team budget', () => {
    expect(renderAlertMessage(alert())).toEqual({
      subject: 'Budget alert: team "search" reached 80% of its monthly budget',
      text: 'The monthly budget of team "search" crossed its 80% alert threshold in period 2026-12: spent $40.123456789 of $50.00 (at 2026-12-05T10:00:00.000Z).',
      payload: {
        type: 'budget_alert',
        budget: { kind: 'team', id: 'search' },
        thresholdPercent: 80,
        spentUsd: '40.123456789',
        limitUsd: '50.000000000',
        spentNanoUsd: 40_123_456_789,
        limitNanoUsd: 50_000_000_000,
        period: 'month',
        periodKey: '2026-12',
        at: '2026-12-05T10:00:00.000Z',
      },
    });
  });

  it.each([
    { period: 'day' as const, periodKey: '2026-12-05', words: 'daily budget of key "key_1" crossed its 50% alert threshold in period 2026-12-05' },
    { period: 'total' as const, periodKey: 'total', words: 'total budget of key "key_1" crossed its 50% alert threshold in total' },
  ])('says which period: $period', ({ period, periodKey, words }) => {
    const { text } = renderAlertMessage(alert({ subject: { kind: 'key', id: 'key_1' }, period, periodKey, thresholdPercent: 50 }));
    expect(text).toContain(words);
  });

  it('keeps the subject within SNS email limits (100 characters) for a long principal ARN', () => {
    const { subject } = renderAlertMessage(alert({ subject: { kind: 'principal', id: `arn:aws:iam::123456789012:role/${'x'.repeat(120)}` } }));
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject.endsWith('...')).toBe(true);
  });
});
