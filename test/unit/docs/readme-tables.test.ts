import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGES_PARAMETER_POLICY } from '../../../lambda/anthropic/messages-parameter-policy';
import { MESSAGES_REQUEST_FIELDS } from '../../../lambda/anthropic/messages-request-schema';
import { cliTable, messagesParameterTable, modelTable, parameterTable, reasoningTable } from '../../../local/readme-tables';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

describe('README data tables', () => {
  it('contains the Chat Completions parameter table generated from CHAT_PARAMETER_POLICY (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(parameterTable());
  });

  it('contains the Messages API field table generated from MESSAGES_PARAMETER_POLICY (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(messagesParameterTable());
  });

  it('has one Messages row for every field the request schema maps, and one for the rest', () => {
    expect(MESSAGES_PARAMETER_POLICY.map((row) => row.field)).toEqual([...MESSAGES_REQUEST_FIELDS, '(other fields)']);
  });

  it('contains the model table generated from the catalog (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(modelTable());
  });

  it('contains the admin CLI reference generated from its command table (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(cliTable());
  });

  it('contains the reasoning_effort table computed by the reasoning mapping (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(reasoningTable());
  });
});
