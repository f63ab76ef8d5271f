/** @module Deterministic, collision-resistant Bedrock names for OpenAI tool names and tool call ids. */
import { createHash } from 'node:crypto';

/** Bedrock's tool name and toolUse id rule (`[a-zA-Z0-9_-]+`, 1 to 64 characters). */
const BEDROCK_IDENTIFIER_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/;
const MAX_IDENTIFIER_LENGTH = 64;
const HASH_SUFFIX_LENGTH = 8;

/**
 * Maps any string to a valid Bedrock identifier. Valid strings are kept as they are, so the common
 * case round-trips unchanged; others get their bad characters replaced and a hash of the original
 * appended, so two different originals never share a result by accident.
 * @example toBedrockIdentifier('web.search') // 'web_search_1b4f0e98'
 */
function toBedrockIdentifier(original: string): string {
  if (BEDROCK_IDENTIFIER_PATTERN.test(original)) return original;
  const hash = createHash('sha256').update(original).digest('hex').slice(0, HASH_SUFFIX_LENGTH);
  const stem = original.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, MAX_IDENTIFIER_LENGTH - HASH_SUFFIX_LENGTH - 1);
  return stem === '' ? `t_${hash}` : `${stem}_${hash}`;
}

/** Collects tool names as Bedrock names, remembering the original of each for the response side. */
class ToolNameRegistry {
  private readonly toOriginal = new Map<string, string>();

  /** Returns the Bedrock name of `original`, registering it. */
  register(original: string): string {
    const bedrockName = toBedrockIdentifier(original);
    this.toOriginal.set(bedrockName, original);
    return bedrockName;
  }

  /** Whether a Bedrock name is already taken (by a client tool or a history name). */
  has(bedrockName: string): boolean {
    return this.toOriginal.has(bedrockName);
  }

  /** Bedrock name -> OpenAI name. */
  reverseMap(): ReadonlyMap<string, string> {
    return new Map(this.toOriginal);
  }
}

export { BEDROCK_IDENTIFIER_PATTERN, ToolNameRegistry, toBedrockIdentifier };
