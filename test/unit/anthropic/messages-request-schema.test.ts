/** Messages bodies: malformed known fields are 400s named as Anthropic names them; unknown fields are dropped, never refused. */
import { parseMessagesRequest } from '../../../lambda/anthropic/messages-request-schema';

const VALID = { model: 'claude-opus-5-5', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] };
const PNG_BASE64 = 'iVBORw0KGgo=';
const withBlock = (block: unknown) => ({ ...VALID, messages: [{ role: 'user', content: [block, { type: 'text', text: 'What is this?' }] }] });
const image = (source: unknown) => withBlock({ type: 'image', source });
const document = (source: unknown) => withBlock({ type: 'document', source });
const withTool = (tool: unknown) => ({ ...VALID, tools: [tool] });
const onlyContent = (role: string, content: unknown) => ({ ...VALID, messages: [{ role: 'user', content: 'Hi' }, { role, content }, { role: 'user', content: 'Go on' }] });

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
    // Sources, checked by type: what Claude cannot read is refused here, naming it, not sent to Bedrock.
    { problem: 'an image that is not base64', body: image({ type: 'base64', media_type: 'image/png', data: '!!not base64!!' }), message: 'messages.0.content.0.source.data: Invalid base64 data', param: 'messages.0.content.0.source.data' },
    { problem: 'an image of impossible base64 length', body: image({ type: 'base64', media_type: 'image/png', data: 'AAAAA' }), message: 'messages.0.content.0.source.data: Invalid base64 data', param: 'messages.0.content.0.source.data' },
    { problem: 'an empty image', body: image({ type: 'base64', media_type: 'image/png', data: '' }), message: 'messages.0.content.0.source.data:', param: 'messages.0.content.0.source.data' },
    { problem: 'image data that is a number', body: image({ type: 'base64', media_type: 'image/png', data: 5 }), message: 'messages.0.content.0.source.data: Invalid input: expected string, received number', param: 'messages.0.content.0.source.data' },
    { problem: 'an image type Claude does not read', body: image({ type: 'base64', media_type: 'image/bmp', data: PNG_BASE64 }), message: 'messages.0.content.0.source.media_type:', param: 'messages.0.content.0.source.media_type' },
    { problem: 'an image without media_type', body: image({ type: 'base64', data: PNG_BASE64 }), message: 'messages.0.content.0.source.media_type:', param: 'messages.0.content.0.source.media_type' },
    { problem: 'an unknown image source type', body: image({ type: 's3', uri: 's3://b/k' }), message: 'messages.0.content.0.source.type:', param: 'messages.0.content.0.source.type' },
    { problem: 'a URL image without a URL', body: image({ type: 'url' }), message: 'messages.0.content.0.source.url: Field required', param: 'messages.0.content.0.source.url' },
    { problem: 'a URL image whose URL is a number', body: image({ type: 'url', url: 7 }), message: 'messages.0.content.0.source.url:', param: 'messages.0.content.0.source.url' },
    { problem: 'a PDF that is not base64', body: document({ type: 'base64', media_type: 'application/pdf', data: '%PDF-1.7' }), message: 'messages.0.content.0.source.data: Invalid base64 data', param: 'messages.0.content.0.source.data' },
    { problem: 'a text document whose data is not text', body: document({ type: 'text', media_type: 'text/plain', data: 5 }), message: 'messages.0.content.0.source.data:', param: 'messages.0.content.0.source.data' },
    { problem: 'a content document whose content is a number', body: document({ type: 'content', content: 5 }), message: 'messages.0.content.0.source.content:', param: 'messages.0.content.0.source.content' },
    { problem: 'a bad image inside a tool result', body: { ...VALID, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: '@@' } }] }] }] }, message: 'messages.0.content.0.content.0.source.data: Invalid base64 data', param: 'messages.0.content.0.content.0.source.data' },
    // Empty messages: only a final assistant message (a prefill) may be empty.
    { problem: 'a user message with an empty content list', body: { ...VALID, messages: [{ role: 'user', content: [] }] }, message: 'messages.0.content: all messages must have non-empty content', param: 'messages.0.content' },
    { problem: 'a user message of whitespace', body: { ...VALID, messages: [{ role: 'user', content: ' \n ' }] }, message: 'messages.0.content: all messages must have non-empty content', param: 'messages.0.content' },
    { problem: 'a user message of empty text blocks', body: { ...VALID, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, message: 'messages.0.content: all messages', param: 'messages.0.content' },
    { problem: 'an empty assistant message before the last', body: onlyContent('assistant', []), message: 'messages.1.content: all messages', param: 'messages.1.content' },
    // Client tools: input_schema must be shaped like a JSON Schema of an object.
    { problem: "a tool schema whose type is 123", body: withTool({ name: 'lookup', input_schema: { type: 123 } }), message: "tools.0.input_schema.type: Input should be 'object', got 123", param: 'tools.0.input_schema.type' },
    { problem: 'a tool schema of type string', body: withTool({ name: 'lookup', input_schema: { type: 'string' } }), message: 'tools.0.input_schema.type:', param: 'tools.0.input_schema.type' },
    { problem: 'tool schema properties that are a string', body: withTool({ name: 'lookup', input_schema: { type: 'object', properties: 'x' } }), message: 'tools.0.input_schema.properties: expected', param: 'tools.0.input_schema.properties' },
    { problem: 'a tool schema requiring a non-list', body: withTool({ name: 'lookup', input_schema: { type: 'object', required: 'q' } }), message: 'tools.0.input_schema.required: expected', param: 'tools.0.input_schema.required' },
    // Rules Claude (and Bedrock) enforce, checked here so the answer names the field in Anthropic's words.
    { problem: 'a client tool name with a dot', body: withTool({ name: 'web.search', input_schema: { type: 'object' } }), message: "tools.0.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'", param: 'tools.0.name' },
    { problem: 'a client tool name of 129 characters', body: withTool({ name: 'a'.repeat(129), input_schema: { type: 'object' } }), message: 'tools.0.name: String should match pattern', param: 'tools.0.name' },
    { problem: 'a custom tool with an empty name', body: withTool({ type: 'custom', name: '', input_schema: { type: 'object' } }), message: 'tools.0.name:', param: 'tools.0.name' },
    { problem: 'a tool name declared twice', body: { ...VALID, tools: [{ name: 'a', input_schema: { type: 'object' } }, { name: 'a', input_schema: { type: 'object' } }] }, message: 'tools.1.name: Tool names must be unique', param: 'tools.1.name' },
    { problem: "tool_choice 'any' without tools", body: { ...VALID, tool_choice: { type: 'any' } }, message: "tool_choice: tool_choice.type 'any' may only be specified while providing tools.", param: 'tool_choice' },
    { problem: "tool_choice 'tool' without tools", body: { ...VALID, tool_choice: { type: 'tool', name: 'a' } }, message: "tool_choice.type 'tool' may only be specified while providing tools.", param: 'tool_choice' },
    { problem: "tool_choice 'tool' naming a tool not declared", body: { ...withTool({ name: 'a', input_schema: { type: 'object' } }), tool_choice: { type: 'tool', name: 'b' } }, message: "tool_choice.name: Tool 'b' not found in provided tools", param: 'tool_choice.name' },
    { problem: 'a thinking block in a user turn', body: withBlock({ type: 'thinking', thinking: 'x', signature: 's' }), message: 'messages.0.content.0: `thinking` blocks can only be in `assistant` messages.', param: 'messages.0.content.0.type' },
    { problem: 'a redacted_thinking block in a user turn', body: withBlock({ type: 'redacted_thinking', data: 'x' }), message: '`redacted_thinking` blocks can only be in `assistant` messages.', param: 'messages.0.content.0.type' },
    { problem: 'a tool_use block in a user turn', body: withBlock({ type: 'tool_use', id: 't', name: 'n', input: {} }), message: 'messages.0.content.0: `tool_use` blocks can only be in `assistant` messages.', param: 'messages.0.content.0.type' },
    { problem: 'a tool_result block in an assistant turn', body: onlyContent('assistant', [{ type: 'tool_result', tool_use_id: 't', content: 'x' }]), message: 'messages.1.content.0: `tool_result` blocks can only be in `user` messages.', param: 'messages.1.content.0.type' },
    { problem: 'an unknown block type', body: withBlock({ type: 'video', source: {} }), message: "messages.0.content.0: Input tag 'video' found using 'type' does not match any of the expected tags: 'text', 'image'", param: 'messages.0.content.0.type' },
    { problem: 'an unknown block type inside a tool result', body: { ...VALID, messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'tool_use', id: 'x', name: 'n', input: {} }] }] }] }, message: "messages.0.content.0.content.0: Input tag 'tool_use' found using 'type'", param: 'messages.0.content.0.content.0.type' },
    { problem: 'a service_tier Anthropic does not have', body: { ...VALID, service_tier: 'priority' }, message: 'service_tier:', param: 'service_tier' },
    { problem: 'a metadata.user_id over 256 characters', body: { ...VALID, metadata: { user_id: 'u'.repeat(257) } }, message: 'metadata.user_id: String should have at most 256 characters', param: 'metadata.user_id' },
  ])('refuses $problem with a 400 naming the field', ({ body, message, param }) => {
    expect(() => parseMessagesRequest(body, { requireMaxTokens: true })).toThrow(expect.objectContaining({ statusCode: 400, param, message: expect.stringContaining(message) }));
  });

  it.each([
    { case: 'a base64 PNG, padded', body: image({ type: 'base64', media_type: 'image/png', data: PNG_BASE64 }) },
    { case: 'base64 without padding', body: image({ type: 'base64', media_type: 'image/webp', data: 'UklGRg' }) },
    { case: 'an image URL (fetched later, SSRF-checked)', body: image({ type: 'url', url: 'https://example.com/cat.png' }) },
    { case: 'a plain-text document', body: document({ type: 'text', media_type: 'text/plain', data: 'The text.' }) },
    { case: 'a content document', body: document({ type: 'content', content: [{ type: 'text', text: 'Chunk' }] }) },
    { case: 'an empty final assistant message (a prefill)', body: { ...VALID, messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: '' }] } },
    { case: "an empty role: 'system' turn (Claude Code's)", body: { ...VALID, messages: [{ role: 'user', content: 'Hi' }, { role: 'system', content: '' }, { role: 'user', content: 'Go' }] } },
    { case: 'a message of one image', body: { ...VALID, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/gif', data: 'R0lGODlh' } }] }] } },
    { case: 'a tool schema with $schema and nested objects', body: withTool({ name: 'edit', input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { path: { type: 'string' }, opts: { type: 'object', properties: { a: { type: ['string', 'null'] } } } }, required: ['path'] } }) },
    { case: 'a server tool, whose schema Claude owns', body: withTool({ type: 'bash_20250124', name: 'bash' }) },
    { case: 'a client tool name of 128 characters (over Bedrock Converse\'s 64: the Converse mapping shortens it)', body: withTool({ name: 'a'.repeat(128), input_schema: { type: 'object' } }) },
    { case: "tool_choice 'auto' and 'none' without tools", body: { ...VALID, tool_choice: { type: 'auto' } } },
    { case: "Claude Code's metadata.user_id (a JSON string of about 150 characters)", body: { ...VALID, metadata: { user_id: JSON.stringify({ device_id: '0'.repeat(64), account_uuid: '', session_id: '00000000-0000-4000-8000-000000000001' }) } } },
    { case: 'a metadata.user_id of 256 characters', body: { ...VALID, metadata: { user_id: 'u'.repeat(256) } } },
    { case: 'server tool blocks in an assistant turn', body: onlyContent('assistant', [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }, { type: 'web_search_tool_result', tool_use_id: 's', content: [] }]) },
  ])('accepts $case', ({ body }) => {
    expect(() => parseMessagesRequest(body, { requireMaxTokens: true })).not.toThrow();
  });

  it('does not require max_tokens for count_tokens', () => {
    expect(parseMessagesRequest({ ...VALID, max_tokens: undefined }, { requireMaxTokens: false }).request.max_tokens).toBeUndefined();
  });
});
