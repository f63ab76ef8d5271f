import { fieldForParam } from '../../../local/console/web/field-errors';

const KEY_FORM = ['name', 'team', 'models', 'budget.usd', 'budget.period', 'limits.rpm', 'limits.tpm', 'expiresAt'];

describe('the form field an admin API error belongs to', () => {
  it.each([
    { param: 'name', expected: 'name', rule: 'a param that is a field names it' },
    { param: 'budget.usd', expected: 'budget.usd', rule: 'a nested param names its field' },
    { param: 'models.2', expected: 'models', rule: 'an element of a list belongs to the list' },
    { param: 'limits', expected: 'limits.rpm', rule: 'a group belongs to its first field' },
    { param: 'budget', expected: 'budget.usd', rule: 'a group belongs to its first field' },
    { param: 'limits.tpm', expected: 'limits.tpm', rule: 'the second field of a group is its own' },
    { param: 'id', expected: undefined, rule: 'a param the form does not have is about the whole form' },
    { param: null, expected: undefined, rule: 'no param is about the whole form' },
    { param: '', expected: undefined, rule: 'an empty param is about the whole form' },
  ])('$param -> $expected: $rule', ({ param, expected }) => {
    expect(fieldForParam(param, KEY_FORM)).toBe(expected);
  });
});
