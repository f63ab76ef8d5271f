/** The emulator refuses cache TTLs, tiers and latency modes the way Bedrock does, per model. */
import { checkCacheTtls, checkServing, claudeCacheTtls, converseCacheTtls } from '../../../local/bedrock-emulator/serving-rules';
import type { EmulatorModel } from '../../../local/bedrock-emulator/types';

const CLAUDE: EmulatorModel = { modelId: 'anthropic.claude-x', provider: 'Anthropic', name: 'Claude X', kind: 'chat', oneHourCache: true };
const NOVA: EmulatorModel = { modelId: 'amazon.nova-x', provider: 'Amazon', name: 'Nova X', kind: 'chat', latencyOptimized: true };
const GPT_OSS: EmulatorModel = { modelId: 'openai.gpt-oss-x', provider: 'OpenAI', name: 'gpt-oss-x', kind: 'chat', serviceTiers: ['flex', 'priority'] };

describe('cache checkpoint TTLs', () => {
  it('reads Converse checkpoints in Bedrock order: tools, system, messages', () => {
    const body = {
      toolConfig: { tools: [{ toolSpec: { name: 'f', inputSchema: { json: {} } } }, { cachePoint: { type: 'default' as const, ttl: '1h' as const } }] },
      system: [{ text: 's' }, { cachePoint: { type: 'default' as const } }],
      messages: [{ role: 'user' as const, content: [{ text: 'q' }, { cachePoint: { type: 'default' as const, ttl: '5m' as const } }] }],
    };
    expect(converseCacheTtls(body)).toEqual(['1h', '5m', '5m']);
  });

  it("reads a Claude body's cache_control, nested tool results before their own", () => {
    const body = {
      system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'r', cache_control: { type: 'ephemeral', ttl: '1h' } }], cache_control: { type: 'ephemeral' } }] }],
    };
    expect(claudeCacheTtls(body)).toEqual(['1h', '1h', '5m']);
  });

  it.each([
    { rule: '5-minute checkpoints pass everywhere', ttls: ['5m', '5m'] as const, model: NOVA, problem: undefined },
    { rule: '1-hour then 5-minute passes on a model with a 1-hour cache', ttls: ['1h', '5m'] as const, model: CLAUDE, problem: undefined },
    { rule: 'a 1-hour checkpoint on a model without one is refused', ttls: ['1h'] as const, model: NOVA, problem: "The model amazon.nova-x doesn't support a 1h cache TTL" },
    { rule: 'a 1-hour checkpoint after a 5-minute one is refused', ttls: ['5m', '1h'] as const, model: CLAUDE, problem: 'Cache checkpoint TTLs must not increase' },
  ])('$rule', ({ ttls, model, problem }) => {
    const found = checkCacheTtls(ttls, model);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});

describe('service tiers and latency modes', () => {
  it.each([
    { rule: 'default passes everywhere', serving: { serviceTier: 'default' }, model: CLAUDE, problem: undefined },
    { rule: 'a tier the model serves passes', serving: { serviceTier: 'priority' }, model: GPT_OSS, problem: undefined },
    { rule: 'a tier the model does not serve is refused', serving: { serviceTier: 'flex' }, model: CLAUDE, problem: "doesn't support the flex service tier" },
    { rule: 'the reserved tier without a reservation is refused', serving: { serviceTier: 'reserved' }, model: GPT_OSS, problem: "The service tier 'reserved' isn't available" },
    { rule: 'latency-optimized on a model that has it passes', serving: { latency: 'optimized' }, model: NOVA, problem: undefined },
    { rule: 'latency-optimized on a model without it is refused', serving: { latency: 'optimized' }, model: CLAUDE, problem: "doesn't support latency-optimized inference" },
  ])('$rule', ({ serving, model, problem }) => {
    const found = checkServing(serving, model);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });
});
