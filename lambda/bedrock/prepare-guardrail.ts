/** @module The guardrail to apply: the deployment default, or the request's `bedrock.guardrailConfig`. */
import type { GuardrailStreamConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { OpenAIBedrockExtension } from '../openai/chat-request-types';
import type { DeploymentGuardrail } from '../platform/config';
import { InvalidRequestError } from '../platform/errors';
import type { RequestWarnings } from './request-warnings';

/**
 * Picks the guardrail. `streamProcessingMode` exists only in ConverseStream, so it is set only for
 * streaming requests (the same input then serves both operations).
 * @throws InvalidRequestError when the request overrides an enforced guardrail.
 */
function prepareGuardrail(
  deployment: DeploymentGuardrail | undefined,
  override: OpenAIBedrockExtension['guardrailConfig'],
  stream: boolean,
  warnings: RequestWarnings,
): GuardrailStreamConfiguration | undefined {
  if (
    override !== undefined &&
    deployment?.enforced === true &&
    (override.guardrailIdentifier !== deployment.guardrailIdentifier || override.guardrailVersion !== deployment.guardrailVersion)
  ) {
    throw new InvalidRequestError('This deployment enforces its own guardrail; bedrock.guardrailConfig may not name another one.', {
      param: 'bedrock.guardrailConfig',
      code: 'unsupported_value',
    });
  }
  const chosen = override ?? deployment;
  if (chosen === undefined) return undefined;
  const mode = override?.streamProcessingMode;
  if (mode !== undefined && !stream) warnings.add('bedrock.guardrailConfig.streamProcessingMode: ignored, the request does not stream.');
  return {
    guardrailIdentifier: chosen.guardrailIdentifier,
    guardrailVersion: chosen.guardrailVersion,
    ...(chosen.trace !== undefined ? { trace: chosen.trace } : {}),
    ...(mode !== undefined && stream ? { streamProcessingMode: mode } : {}),
  };
}

export { prepareGuardrail };
