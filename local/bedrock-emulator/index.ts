/** @module Public surface of the Bedrock emulator (local and test use only). */

export { DEFAULT_MODELS } from './default-models';
export { deterministicVector } from './embeddings';
export { startBedrockEmulator } from './emulator';
export { countInputTokens, countTextTokens } from './token-count';
export type { BedrockEmulator, BedrockEmulatorOptions, EmulatorTls } from './emulator';
export type { EmulatorPrice } from './price-list';
export type { TlsHandshakeCounts } from './tls-listener';
export type {
  EmbeddingDialect,
  EmulatorFault,
  EmulatorModel,
  EmulatorModelKind,
  InferenceProfileGeo,
  InjectedErrorName,
  PricedTier,
  RecordedOperation,
  RecordedRequest,
  RuntimeOperation,
  ScriptedReasoning,
  ScriptedReply,
  ScriptedToolCall,
  ScriptedUsage,
  StreamExceptionName,
  StreamRecord,
} from './types';
