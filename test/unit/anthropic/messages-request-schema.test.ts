/** Messages bodies: malformed known fields are 400s named as Anthropic names them; unknown fields are dropped, never refused. */
import { parseMessagesRequest } from '../../../lambda/anthropic/messages-request-schema';

const VALID = { model: 'claude-opus-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };

describe('parseMessagesRequest', () => {
  it('keeps the fields it maps and lists the ones it drops', () => {
    const { request, droppedFields } = parseMessagesRequest({ ...VALID, container: 'c1', mcp_servers: [], stream: true }, { requireMaxTokens: true });

    expect(request).toEqual({ ...VALID, stream: true });
    expect(droppedFields).toEqual(['container', 'mcp_servers']);
  });

  it('keeps unknown block types and the extra fields of known ones, for Claude to read', () => {
    const content = [{ type: 'search_result', source: 'x', title: 't', content: [] }, { type: 'text', text: 'Hi', citations: { enabled: true } }];
    const { request } = parseMessagesRequest({ ...VALID, messages: [{ role: 'user', content }] }, { requireMaxTokens: true });

    expect(request.messages[0]?.content).toEqual(content);
  });

  it.each([
    { problem: 'a body that is not an object', body: [], message: 'The request body must be a JSON object, not list.', param: null },
    { problem: 'no model', body: { ...VALID, model: undefined }, message: 'model: Field required', param: 'model' },
    { problem: 'no max_tokens', body: { ...VALID, max_tokens: undefined }, message: 'max_tokens: Field required', param: 'max_tokens' },
    { problem: 'a text block without text', body: { ...VALID, messages: [{ role: 'user', content: [{ type: 'text' }] }] }, message: 'messages.0.content.0.text: Field required', param: 'messages.0.content.0.text' },
    { problem: 'a tool_use without an input object', body: { ...VALID, messages: [{ role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'n', input: 'x' }] }] }, message: 'messages.0.content.0.input:', param: 'messages.0.content.0.input' },
    { problem: 'a thinking block without its signature', body: { ...VALID, messages: [{ role: 'assistant', content: [{ type: 'thinking', thinking: 'x' }] }] }, message: 'messages.0.content.0.signature: Field required', param: 'messages.0.content.0.signature' },
    { problem: 'an unknown role', body: { ...VALID, messages: [{ role: 'tool', content: 'x' }] }, message: 'messages.0.role:', param: 'messages.0.role' },
    { problem: 'a thinking budget under 1024', body: { ...VALID, thinking: { type: 'enabled', budget_tokens: 500 } }, message: 'thinking.budget_tokens:', param: 'thinking.budget_tokens' },
    { problem: 'temperature above 1', body: { ...VALID, temperature: 1.5 }, message: 'temperature:', param: 'temperature' },
    { problem: 'an unknown effort', body: { ...VALID, output_config: { effort: 'extreme' } }, message: 'output_config.effort:', param: 'output_config.effort' },
  ])('refuses $problem with a 400 naming the field', ({ body, message, param }) => {
    expect(() => parseMessagesRequest(body, { requireMaxTokens: true })).toThrow(expect.objectContaining({ statusCode: 400, param, message: expect.stringContaining(message) }));
  });

  it('does not require max_tokens for count_tokens', () => {
    expect(parseMessagesRequest({ ...VALID, max_tokens: undefined }, { requireMaxTokens: false }).request.max_tokens).toBeUndefined();
  });
});
