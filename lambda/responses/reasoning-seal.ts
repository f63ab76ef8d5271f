/**
 * @module Reasoning items' `encrypted_content`: the model's thinking blocks (text and Bedrock
 * signature, or redacted data) sealed with AES-256-GCM under the deployment's key, the owning
 * principal bound in as associated data. A client can carry its reasoning to the next turn
 * (Codex sends `store: false`) but can neither read a block's signature out of another tenant's
 * item, forge one, nor replay one under another principal: any change fails authentication.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { OpenAIThinkingBlock } from '../openai/chat-request-types';

/** Version tag of the sealed form. */
const SEAL_PREFIX = 'gwr1.';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** AES-256 key length. */
const SEAL_KEY_BYTES = 32;

function associatedData(principalId: string): Buffer {
  return Buffer.from(`bedrock-gateway/responses/reasoning/v1\u0000${principalId}`, 'utf8');
}

/** Seals thinking blocks for `principalId`. */
function sealReasoning(blocks: readonly OpenAIThinkingBlock[], key: Buffer, principalId: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(associatedData(principalId));
  const body = Buffer.concat([cipher.update(JSON.stringify(blocks), 'utf8'), cipher.final()]);
  return SEAL_PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

function isThinkingBlock(value: unknown): value is OpenAIThinkingBlock {
  if (typeof value !== 'object' || value === null) return false;
  const block = value as Record<string, unknown>;
  if (block['type'] === 'thinking') return typeof block['thinking'] === 'string' && (block['signature'] === undefined || typeof block['signature'] === 'string');
  return block['type'] === 'redacted_thinking' && typeof block['data'] === 'string';
}

/** The thinking blocks of a sealed value, or `undefined` when it was not sealed by this deployment for `principalId`. */
function openReasoning(sealed: string, key: Buffer, principalId: string): OpenAIThinkingBlock[] | undefined {
  if (!sealed.startsWith(SEAL_PREFIX)) return undefined;
  const raw = Buffer.from(sealed.slice(SEAL_PREFIX.length), 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(associatedData(principalId));
    decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
    const text = Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    const blocks: unknown = JSON.parse(text);
    return Array.isArray(blocks) && blocks.every(isThinkingBlock) ? blocks : undefined;
  } catch {
    return undefined;
  }
}

export { SEAL_KEY_BYTES, openReasoning, sealReasoning };
