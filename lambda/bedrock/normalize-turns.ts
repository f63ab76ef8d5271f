/** @module Normalises converted turns into what Converse accepts: no blank blocks, alternating roles, user first. */
import type { ContentBlock, Message } from '@aws-sdk/client-bedrock-runtime';

/**
 * Text of the user turn inserted when a conversation would otherwise start with the assistant or
 * have no turn at all (Converse requires a leading user turn; OpenAI does not).
 */
const SYNTHETIC_USER_TEXT = '(conversation start)';

/** Text added to a user turn that holds documents but no text, which Converse rejects. */
const DOCUMENT_ONLY_TEXT = 'See the attached document.';

type Role = 'user' | 'assistant';

/** A converted OpenAI message before normalisation. */
interface DraftTurn {
  readonly role: Role;
  readonly content: ContentBlock[];
}

interface TextOrPoint {
  readonly text?: string | undefined;
  readonly cachePoint?: unknown;
}

function isBlankText(block: TextOrPoint): boolean {
  return block.text !== undefined && block.text.trim() === '';
}

/**
 * Drops blank text blocks, and cache points that no longer follow a block (their block was blank, or
 * they lead the turn): Converse rejects both.
 */
function dropBlankBlocks<T extends TextOrPoint>(content: readonly T[]): T[] {
  const kept: T[] = [];
  let previousDropped = true;
  for (const block of content) {
    if (block.cachePoint !== undefined) {
      if (!previousDropped && kept.length > 0) kept.push(block);
      continue;
    }
    previousDropped = isBlankText(block);
    if (!previousDropped) kept.push(block);
  }
  return kept;
}

/** Tool results must lead a user turn (Anthropic's rule), so merged turns put them first. */
function orderUserContent(content: readonly ContentBlock[]): ContentBlock[] {
  const isToolResult = (block: ContentBlock, index: number): boolean =>
    block.toolResult !== undefined || (block.cachePoint !== undefined && content[index - 1]?.toolResult !== undefined);
  return [...content.filter(isToolResult), ...content.filter((block, index) => !isToolResult(block, index))];
}

function ensureDocumentText(content: ContentBlock[]): ContentBlock[] {
  const hasDocument = content.some((block) => block.document !== undefined);
  const hasText = content.some((block) => block.text !== undefined);
  return hasDocument && !hasText ? [...content, { text: DOCUMENT_ONLY_TEXT }] : content;
}

/**
 * Turns drafts into Converse messages: blank blocks dropped, empty turns removed, consecutive
 * same-role turns merged (tool results first), a synthetic user turn inserted when needed, and
 * `leadingUserBlocks` (system text for models without a system prompt) put at the very start.
 */
function normalizeTurns(drafts: readonly DraftTurn[], leadingUserBlocks: readonly ContentBlock[] = []): Message[] {
  const merged: DraftTurn[] = [];
  for (const draft of drafts) {
    const content = dropBlankBlocks(draft.content);
    if (content.length === 0) continue;
    const previous = merged[merged.length - 1];
    if (previous?.role === draft.role) {
      merged[merged.length - 1] = { role: draft.role, content: [...previous.content, ...content] };
    } else {
      merged.push({ role: draft.role, content });
    }
  }
  if (merged[0]?.role !== 'user') merged.unshift({ role: 'user', content: [{ text: SYNTHETIC_USER_TEXT }] });
  const leading = dropBlankBlocks(leadingUserBlocks);
  return merged.map((turn, index) => {
    if (turn.role === 'assistant') return { role: turn.role, content: turn.content };
    const withLeading = index === 0 && leading.length > 0 ? [...leading, ...turn.content] : turn.content;
    return { role: turn.role, content: ensureDocumentText(orderUserContent(withLeading)) };
  });
}

export { DOCUMENT_ONLY_TEXT, SYNTHETIC_USER_TEXT, dropBlankBlocks, normalizeTurns };
export type { DraftTurn };
