/**
 * @module Which `anthropic-beta` values Bedrock's InvokeModel takes (in the body's `anthropic_beta`),
 * under which name. Bedrock refuses the whole request ("invalid beta flag") for any other value, so
 * the gateway sends only these and drops the rest with a warning.
 *
 * Checked 2026-12-04 with the search tool:
 * - AWS's beta list on the Claude Messages request page, as collected in BerriAI/litellm pull
 *   request #19877 (2026-01): the first eleven entries below.
 * - `advanced-tool-use-2025-11-20` is Anthropic's first-party name of tool search; Bedrock and Vertex
 *   call it `tool-search-tool-2025-10-19` (Anthropic's tool-search documentation; litellm's
 *   anthropic_beta_headers_config.json maps it so for `bedrock`).
 * - `thinking-token-count-2026-05-13`: Claude Code 2.1.332 sends it to Bedrock itself in Bedrock
 *   mode (recorded request in shared/fixtures/agents/claude-code-bedrock-invoke-stream.json).
 * Bedrock may still refuse a listed beta for one model (Opus 4.7 refused every beta at launch,
 * anthropics/claude-code#49370): the gateway then retries once without betas.
 */

/** Client beta -> the name Bedrock takes. */
const BEDROCK_BETA_NAMES: Readonly<Record<string, string>> = {
  'computer-use-2024-10-22': 'computer-use-2024-10-22',
  'computer-use-2025-01-24': 'computer-use-2025-01-24',
  'token-efficient-tools-2025-02-19': 'token-efficient-tools-2025-02-19',
  'interleaved-thinking-2025-05-14': 'interleaved-thinking-2025-05-14',
  'output-128k-2025-02-19': 'output-128k-2025-02-19',
  'dev-full-thinking-2025-05-14': 'dev-full-thinking-2025-05-14',
  'context-1m-2025-08-07': 'context-1m-2025-08-07',
  'context-management-2025-06-27': 'context-management-2025-06-27',
  'effort-2025-11-24': 'effort-2025-11-24',
  'tool-search-tool-2025-10-19': 'tool-search-tool-2025-10-19',
  'tool-examples-2025-10-29': 'tool-examples-2025-10-29',
  'advanced-tool-use-2025-11-20': 'tool-search-tool-2025-10-19',
  'thinking-token-count-2026-05-13': 'thinking-token-count-2026-05-13',
};

/** Bedrock's name of the beta that lets tools be deferred (`defer_loading`) and searched. */
const TOOL_SEARCH_BETA = 'tool-search-tool-2025-10-19';

/** The beta `context_management` needs. */
const CONTEXT_MANAGEMENT_BETA = 'context-management-2025-06-27';

/** The beta `input_examples` on tools needs. */
const TOOL_EXAMPLES_BETA = 'tool-examples-2025-10-29';

export { BEDROCK_BETA_NAMES, CONTEXT_MANAGEMENT_BETA, TOOL_EXAMPLES_BETA, TOOL_SEARCH_BETA };
