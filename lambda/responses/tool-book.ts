/**
 * @module The tools of a Responses request as one flat list for Bedrock, and the way back from a
 * model's tool call to the tool the client declared.
 *
 * `namespace` tools group function and custom tools under a name (Codex's "lite" form declares all
 * its tools this way, in an `additional_tools` input item). Bedrock has no groups: every member
 * becomes a tool of its own. A member keeps its name when no other tool of the request has it;
 * otherwise it is called `<namespace>__<name>` (made a valid Bedrock name, unique). A call comes back
 * under the member's own name, with `namespace` set, as OpenAI's call items carry it; members of
 * `functions`, the namespace of top-level tools in OpenAI's model format, come back without one
 * (Codex ran its `exec` tool from such a call: shared/fixtures/agents/responses-accepted-by-clients.md).
 */
import { toBedrockIdentifier } from '../bedrock/tool-names';
import type { ResponsesCustomTool, ResponsesFunctionTool, ResponsesTool } from './responses-types';

/** The namespace whose members are top-level tools: their calls carry no `namespace`. */
const TOP_LEVEL_NAMESPACE = 'functions';

/** A tool the model can call: its name towards the model, and how the client declared it. */
interface BookedTool {
  /** The name in the chat request (a valid Bedrock tool name, unique in the request). */
  readonly chatName: string;
  readonly tool: ResponsesFunctionTool | ResponsesCustomTool;
  /** The namespace group it belongs to, if any. */
  readonly namespace?: string;
  /** The namespace's description, when it has one. */
  readonly namespaceDescription?: string;
}

/** How a call of the model goes back to the client. */
interface ClientCall {
  readonly type: 'function_call' | 'custom_tool_call';
  readonly name: string;
  /** Set for members of a namespace other than `functions`. */
  readonly namespace?: string;
}

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ''}\u0000${name}`;
}

/** The tools of one request, flattened. Pure; build it with `ToolBook.of`. */
class ToolBook {
  private readonly byKey = new Map<string, BookedTool>();
  private readonly byChatName = new Map<string, BookedTool>();
  private readonly membersByName = new Map<string, BookedTool[]>();

  private constructor(readonly tools: readonly BookedTool[]) {
    for (const booked of tools) {
      this.byKey.set(key(booked.namespace, booked.tool.name), booked);
      this.byChatName.set(booked.chatName, booked);
      if (booked.namespace !== undefined) this.membersByName.set(booked.tool.name, [...(this.membersByName.get(booked.tool.name) ?? []), booked]);
    }
  }

  /**
   * Flattens the request's tools: top-level tools first under their own names, then the members of
   * each namespace in order.
   * @example ToolBook.of([{ type: 'namespace', name: 'clock', description: '', tools: [{ type: 'function', name: 'sleep' }] }]).tools[0]?.chatName // 'sleep'
   */
  static of(tools: readonly ResponsesTool[]): ToolBook {
    const entries: { tool: ResponsesFunctionTool | ResponsesCustomTool; namespace?: string; namespaceDescription?: string }[] = [];
    for (const tool of tools) {
      if (tool.type !== 'namespace') entries.push({ tool });
    }
    for (const tool of tools) {
      if (tool.type !== 'namespace') continue;
      const description = tool.description.trim();
      for (const member of tool.tools) entries.push({ tool: member, namespace: tool.name, ...(description === '' ? {} : { namespaceDescription: description }) });
    }
    const nameCounts = new Map<string, number>();
    for (const { tool } of entries) nameCounts.set(tool.name, (nameCounts.get(tool.name) ?? 0) + 1);
    const taken = new Set(entries.filter((entry) => entry.namespace === undefined).map((entry) => entry.tool.name));
    const booked = entries.map((entry): BookedTool => {
      if (entry.namespace === undefined) return { chatName: entry.tool.name, tool: entry.tool };
      let chatName = nameCounts.get(entry.tool.name) === 1 ? entry.tool.name : toBedrockIdentifier(`${entry.namespace}__${entry.tool.name}`);
      for (let attempt = 2; taken.has(chatName); attempt += 1) chatName = toBedrockIdentifier(`${entry.namespace}__${entry.tool.name}#${attempt}`);
      taken.add(chatName);
      return { chatName, ...entry, namespace: entry.namespace };
    });
    return new ToolBook(booked);
  }

  /**
   * The chat name of a tool a call item of the conversation names: by namespace and name; a call
   * without a namespace is a top-level tool's, a `functions` member's, or the one member of that name.
   * A name the request does not declare stays as it is.
   */
  chatName(name: string, namespace: string | undefined): string {
    const exact = this.byKey.get(key(namespace, name));
    if (exact !== undefined) return exact.chatName;
    if (namespace === undefined || namespace === TOP_LEVEL_NAMESPACE) {
      const topLevel = this.byKey.get(key(namespace === undefined ? TOP_LEVEL_NAMESPACE : undefined, name));
      if (topLevel !== undefined) return topLevel.chatName;
    }
    const members = this.membersByName.get(name) ?? [];
    return namespace === undefined && members.length === 1 && members[0] !== undefined ? members[0].chatName : name;
  }

  /** The call item the client expects for a call of `chatName`; a name the request did not declare is a function call under that name. */
  clientCall(chatName: string): ClientCall {
    const booked = this.byChatName.get(chatName);
    if (booked === undefined) return { type: 'function_call', name: chatName };
    return {
      type: booked.tool.type === 'custom' ? 'custom_tool_call' : 'function_call',
      name: booked.tool.name,
      ...(booked.namespace === undefined || booked.namespace === TOP_LEVEL_NAMESPACE ? {} : { namespace: booked.namespace }),
    };
  }
}

export { TOP_LEVEL_NAMESPACE, ToolBook };
export type { BookedTool, ClientCall };
