/** @module `user`, `safety_identifier` and `metadata` to Converse `requestMetadata`, leaving room for the gateway's keys. */
import type { OpenAIChatCompletionRequest } from '../openai/chat-request-types';
import type { RequestWarnings } from './request-warnings';

/**
 * Bedrock's `requestMetadata` limits: at most 16 pairs; keys 1-256 and values 0-256 characters of
 * `[a-zA-Z0-9\s._:/=+$@-]`. The character set is the one the invocation-log filters document
 * (RequestMetadataFilters), intersected with the Converse request pattern as best known.
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_RequestMetadataFilters.html
 */
const REQUEST_METADATA_LIMITS = {
  maxEntries: 16,
  maxKeyLength: 256,
  maxValueLength: 256,
  pattern: /^[a-zA-Z0-9\s._:/=+$@-]*$/,
} as const;

/**
 * Prefix of the attribution keys the gateway owns (`gateway_request_id`, `gateway_principal`,
 * `gateway_team`); a client key with it, in any case, is never forwarded, so a caller cannot
 * attribute its calls to another principal or team in Bedrock's invocation logs.
 */
const GATEWAY_METADATA_PREFIX = /^gateway_/i;

/** Pairs kept free for the gateway's own attribution keys (key id, team, request id...). */
const GATEWAY_RESERVED_ENTRIES = 4;
const CLIENT_MAX_ENTRIES = REQUEST_METADATA_LIMITS.maxEntries - GATEWAY_RESERVED_ENTRIES;

/** Why a pair cannot be sent, or undefined when it can. */
function metadataProblem(key: string, value: string): string | undefined {
  const { maxKeyLength, maxValueLength, pattern } = REQUEST_METADATA_LIMITS;
  if (key.length === 0 || key.length > maxKeyLength) return `key must be 1-${maxKeyLength} characters`;
  if (value.length > maxValueLength) return `value must be at most ${maxValueLength} characters`;
  if (!pattern.test(key) || !pattern.test(value)) return 'only letters, digits, whitespace and ._:/=+$@- are allowed';
  return undefined;
}

/**
 * The client's share of `requestMetadata`: `user`, `safety_identifier`, then `metadata` pairs, each
 * checked against Bedrock's limits; what does not fit is dropped with a warning.
 */
function buildClientRequestMetadata(request: OpenAIChatCompletionRequest, warnings: RequestWarnings): Record<string, string> {
  const candidates: [string, string, string][] = [];
  if (request.user) candidates.push(['user', request.user, 'user']);
  if (request.safety_identifier) candidates.push(['safety_identifier', request.safety_identifier, 'safety_identifier']);
  for (const [key, value] of Object.entries(request.metadata ?? {})) candidates.push([key, value, `metadata.${key}`]);

  const result: Record<string, string> = {};
  for (const [key, value, param] of candidates) {
    const problem = GATEWAY_METADATA_PREFIX.test(key) ? "keys starting with 'gateway_' are reserved for the gateway's attribution" : metadataProblem(key, value);
    if (problem !== undefined) {
      warnings.add(`${param}: not sent to Bedrock request metadata (${problem}).`);
    } else if (Object.keys(result).length >= CLIENT_MAX_ENTRIES) {
      warnings.add(`${param}: not sent to Bedrock request metadata (at most ${CLIENT_MAX_ENTRIES} client pairs).`);
    } else {
      result[key] = value;
    }
  }
  return result;
}

/**
 * Merges the gateway's attribution pairs over the client's: client keys with the gateway's prefix
 * are dropped whether or not the gateway sets them, gateway keys win on conflict, and client pairs
 * are dropped (last first) when the total would pass 16.
 * @throws TypeError when a gateway pair breaks Bedrock's limits (a gateway bug).
 * @example input.requestMetadata = mergeRequestMetadata(input.requestMetadata, { gateway_key_id: keyId })
 */
function mergeRequestMetadata(client: Readonly<Record<string, string>> | undefined, gateway: Readonly<Record<string, string>>): Record<string, string> {
  for (const [key, value] of Object.entries(gateway)) {
    const problem = metadataProblem(key, value);
    if (problem !== undefined) throw new TypeError(`Gateway request metadata '${key}' is invalid: ${problem}.`);
  }
  const gatewayCount = Object.keys(gateway).length;
  if (gatewayCount > REQUEST_METADATA_LIMITS.maxEntries) throw new TypeError('Gateway request metadata has more than 16 pairs.');
  const clientEntries = Object.entries(client ?? {}).filter(([key]) => !(key in gateway) && !GATEWAY_METADATA_PREFIX.test(key));
  const room = REQUEST_METADATA_LIMITS.maxEntries - gatewayCount;
  return { ...Object.fromEntries(clientEntries.slice(0, room)), ...gateway };
}

/** Who a call is attributed to, for Bedrock's invocation logs. */
interface GatewayAttribution {
  readonly requestId: string;
  readonly principalId: string;
  readonly team?: string;
}

/** Replaces characters Bedrock refuses and trims to the value limit, so attribution is never dropped. */
function toMetadataValue(value: string): string {
  return value.replace(/[^a-zA-Z0-9\s._:/=+$@-]/g, '_').slice(0, REQUEST_METADATA_LIMITS.maxValueLength);
}

/**
 * The gateway's own `requestMetadata` pairs (at most `GATEWAY_RESERVED_ENTRIES`), which make
 * Bedrock model invocation logs attributable to a request, principal and team.
 */
function gatewayRequestMetadata(attribution: GatewayAttribution): Record<string, string> {
  return {
    gateway_request_id: toMetadataValue(attribution.requestId),
    gateway_principal: toMetadataValue(attribution.principalId),
    ...(attribution.team === undefined ? {} : { gateway_team: toMetadataValue(attribution.team) }),
  };
}

export { GATEWAY_RESERVED_ENTRIES, REQUEST_METADATA_LIMITS, buildClientRequestMetadata, gatewayRequestMetadata, mergeRequestMetadata };
export type { GatewayAttribution };
