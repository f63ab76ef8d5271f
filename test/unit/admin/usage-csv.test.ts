import { usageReportCsv } from '../../../lambda/admin/usage-csv';

const counts = { requests: 2, errors: 1, inputTokens: 10, outputTokens: 5, cachedTokens: 3, cacheWriteTokens: 0, costUsd: 0.000000123, costNanoUsd: 123 };

describe('usageReportCsv', () => {
  it('writes a header row, CRLF line ends, empty cells for nulls and the cost as an exact 9-decimal dollar amount', () => {
    expect(usageReportCsv([{ team: null, model: 'nova-micro', ...counts }], ['team', 'model'])).toBe(
      'team,model,requests,errors,inputTokens,outputTokens,cachedTokens,cacheWriteTokens,costUsd,costNanoUsd\r\n' +
        ',nova-micro,2,1,10,5,3,0,0.000000123,123\r\n',
    );
  });

  it.each([
    { name: 'a,b', cell: '"a,b"', rule: 'a comma is quoted' },
    { name: 'say "hi"', cell: '"say ""hi"""', rule: 'a quote is doubled inside quotes' },
    { name: '=1+1', cell: "'=1+1", rule: 'a formula is prefixed with a quote' },
    { name: '@SUM(A1)', cell: "'@SUM(A1)", rule: 'an @ formula is prefixed with a quote' },
    { name: '-cmd', cell: "'-cmd", rule: 'a leading minus in text is prefixed with a quote' },
  ])('$rule', ({ name, cell }) => {
    expect(usageReportCsv([{ key: 'key_1', name, team: 't', ...counts }], ['key', 'name', 'team']).split('\r\n')[1]).toBe(
      `key_1,${cell},t,2,1,10,5,3,0,0.000000123,123`,
    );
  });

  it('writes only the header for an empty report', () => {
    expect(usageReportCsv([], ['day'])).toBe('day,requests,errors,inputTokens,outputTokens,cachedTokens,cacheWriteTokens,costUsd,costNanoUsd\r\n');
  });
});
