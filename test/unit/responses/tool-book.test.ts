/** Namespace tool groups flattened into one Bedrock tool list, and calls mapped back to the tool the client declared. */
import type { ResponsesTool } from '../../../lambda/responses/responses-types';
import { ToolBook } from '../../../lambda/responses/tool-book';

const fn = (name: string): ResponsesTool & { type: 'function' } => ({ type: 'function', name });
const custom = (name: string): ResponsesTool & { type: 'custom' } => ({ type: 'custom', name });
const namespace = (name: string, ...tools: (ReturnType<typeof fn> | ReturnType<typeof custom>)[]): ResponsesTool => ({ type: 'namespace', name, description: '', tools });

/** Codex's lite form, reduced: its own tools in `functions`, the others in their groups. */
const CODEX_LITE: ResponsesTool[] = [
  namespace('functions', custom('exec'), fn('wait')),
  namespace('clock', fn('sleep')),
  namespace('collaboration', fn('spawn_agent'), fn('wait_agent')),
];

describe('namespace tools flattened for Bedrock', () => {
  it.each([
    ['top-level tools keep their names and come first', [namespace('ns', fn('b')), fn('a')], ['a', 'b']],
    ["a member keeps its own name when no other tool has it (Codex's lite form)", CODEX_LITE, ['exec', 'wait', 'sleep', 'spawn_agent', 'wait_agent']],
    ['a member whose name another tool has is qualified by its namespace', [fn('spawn_agent'), namespace('multi_agent_v1', fn('spawn_agent'), fn('close_agent'))], ['spawn_agent', 'multi_agent_v1__spawn_agent', 'close_agent']],
    ['the same name in two namespaces: both qualified', [namespace('a', fn('run')), namespace('b', fn('run'))], ['a__run', 'b__run']],
    ['a qualified name Bedrock cannot take becomes a valid one', [fn('run'), namespace('mcp.server', fn('run'))], ['run', expect.stringMatching(/^mcp_server__run_[0-9a-f]{8}$/)]],
    ['a qualified name over 64 characters is shortened with a hash', [fn('tool'), namespace('n'.repeat(70), fn('tool'))], ['tool', expect.stringMatching(/^n{55}_[0-9a-f]{8}$/)]],
    ['a qualified name a top-level tool already has gets another', [fn('a__run'), fn('run'), namespace('a', fn('run'))], ['a__run', 'run', expect.stringMatching(/^a__run_2_[0-9a-f]{8}$/)]],
  ])('%s', (_rule, tools, chatNames) => {
    expect(ToolBook.of(tools).tools.map((tool) => tool.chatName)).toEqual(chatNames);
  });

  it.each([
    ['a custom member of functions: custom_tool_call without namespace (as Codex ran it)', CODEX_LITE, 'exec', { type: 'custom_tool_call', name: 'exec' }],
    ['a function member of functions: function_call without namespace', CODEX_LITE, 'wait', { type: 'function_call', name: 'wait' }],
    ['a member of another namespace: its namespace set', CODEX_LITE, 'spawn_agent', { type: 'function_call', name: 'spawn_agent', namespace: 'collaboration' }],
    ['a qualified member: its own name and namespace', [fn('spawn_agent'), namespace('multi_agent_v1', fn('spawn_agent'))], 'multi_agent_v1__spawn_agent', { type: 'function_call', name: 'spawn_agent', namespace: 'multi_agent_v1' }],
    ['a top-level custom tool', [custom('apply_patch')], 'apply_patch', { type: 'custom_tool_call', name: 'apply_patch' }],
    ['a name the request did not declare: a function call under that name', CODEX_LITE, 'nope', { type: 'function_call', name: 'nope' }],
  ])('maps a call back: %s', (_rule, tools, chatName, call) => {
    expect(ToolBook.of(tools).clientCall(chatName)).toEqual(call);
  });

  it.each([
    ['by namespace and name', 'spawn_agent', 'multi_agent_v1', 'multi_agent_v1__spawn_agent'],
    ['without namespace: the top-level tool', 'spawn_agent', undefined, 'spawn_agent'],
    ['without namespace: the one member of that name', 'close_agent', undefined, 'close_agent'],
    ["with namespace 'functions': the top-level tool", 'spawn_agent', 'functions', 'spawn_agent'],
    ['a name the request does not declare stays as it is', 'gone', 'multi_agent_v1', 'gone'],
  ])('finds the chat name of a call item of the conversation %s', (_rule, name, ns, chatName) => {
    const book = ToolBook.of([fn('spawn_agent'), namespace('multi_agent_v1', fn('spawn_agent'), fn('close_agent'))]);

    expect(book.chatName(name, ns)).toBe(chatName);
  });

  it('finds a functions member from a call item without namespace', () => {
    expect(ToolBook.of(CODEX_LITE).chatName('exec', undefined)).toBe('exec');
  });
});
