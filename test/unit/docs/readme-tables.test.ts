import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelTable, parameterTable, reasoningTable } from '../../../local/readme-tables';

const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

describe('README data tables', () => {
  it('contains the Chat Completions parameter table generated from CHAT_PARAMETER_POLICY (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(parameterTable());
  });

  it('contains the model table generated from the catalog (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(modelTable());
  });

  it('contains the reasoning_effort table computed by the reasoning mapping (npx tsx local/readme-tables.ts)', () => {
    expect(readme).toContain(reasoningTable());
  });
});
