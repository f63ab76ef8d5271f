/** OpenAI's `service_tier` in a response: only when asked, naming the tier that served. */
import { servedServiceTier } from '../../../lambda/bedrock/prepare-serving';

describe('the service_tier a response names', () => {
  it.each([
    { rule: 'not asked: not named', requested: undefined, reported: 'priority', named: undefined },
    { rule: 'asked null: not named', requested: null, reported: undefined, named: undefined },
    { rule: "Bedrock's report wins: flex", requested: 'flex', reported: 'flex', named: 'flex' },
    { rule: "Bedrock's report wins: priority asked, served on the default tier", requested: 'priority', reported: 'default', named: 'default' },
    { rule: "Bedrock's reserved tier is OpenAI's scale", requested: 'auto', reported: 'reserved', named: 'scale' },
    { rule: 'no report: the tier asked of Bedrock (flex)', requested: 'flex', reported: undefined, named: 'flex' },
    { rule: 'no report: the tier asked of Bedrock (priority)', requested: 'priority', reported: undefined, named: 'priority' },
    { rule: "no report: 'auto' is the standard tier", requested: 'auto', reported: undefined, named: 'default' },
    { rule: "no report: 'scale' (ignored, standard tier)", requested: 'scale', reported: undefined, named: 'default' },
    { rule: 'an unknown report falls back to what was asked', requested: 'flex', reported: 'turbo', named: 'flex' },
  ])('$rule', ({ requested, reported, named }) => {
    expect(servedServiceTier(requested, reported)).toBe(named);
  });
});
