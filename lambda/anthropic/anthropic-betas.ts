/** @module The `anthropic-beta` header read, and translated to the betas Bedrock takes. */
import { BEDROCK_BETA_NAMES } from './bedrock-betas.data';

/** The betas a request names: the `anthropic-beta` header's comma-separated values, in order, once each. */
function readAnthropicBetas(header: string | undefined): string[] {
  if (header === undefined) return [];
  return [...new Set(header.split(',').map((value) => value.trim()).filter((value) => value !== ''))];
}

/** The betas Bedrock gets, and the ones it would refuse. */
interface BedrockBetaSelection {
  /** Bedrock's names, once each, in the client's order. */
  readonly betas: readonly string[];
  /** Client betas Bedrock does not take. */
  readonly dropped: readonly string[];
}

/**
 * Translates client betas to Bedrock's names and drops the ones Bedrock does not take (it refuses
 * the whole request for one unknown beta, and an unsupported beta must never become a 400).
 *
 * @example selectBedrockBetas(['claude-code-20250219', 'advanced-tool-use-2025-11-20']) // { betas: ['tool-search-tool-2025-10-19'], dropped: ['claude-code-20250219'] }
 */
function selectBedrockBetas(requested: readonly string[]): BedrockBetaSelection {
  const betas = new Set<string>();
  const dropped: string[] = [];
  for (const beta of requested) {
    const bedrockName = BEDROCK_BETA_NAMES[beta];
    if (bedrockName === undefined) dropped.push(beta);
    else betas.add(bedrockName);
  }
  return { betas: [...betas], dropped };
}

export { readAnthropicBetas, selectBedrockBetas };
export type { BedrockBetaSelection };
