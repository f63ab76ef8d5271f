/** @module Answers a chat call as one JSON completion: Converse with retries and fallbacks, each attempt under the response timeout. */
import type { ConverseResponse } from '@aws-sdk/client-bedrock-runtime';
import { sendConverse } from '../../../bedrock/converse-call';
import { convertToChatCompletion } from '../../../bedrock/convert-to-chat-completion';
import { convertUsage } from '../../../bedrock/convert-usage';
import { AttemptController } from '../../../resilience/attempt-controller';
import { runWithFallbacks } from '../../../resilience/run-with-fallbacks';
import { candidateFor, type ChatCall } from './chat-call';
import { completionOptions } from './chat-completion-options';
import { chatRunOptions, serve } from './chat-fallback-run';
import { chargeUnfinishedAttempt } from './chat-outcome';

/**
 * Calls Converse on the candidates in turn and sends the first answer as a 200 completion. Usage is
 * recorded on the call as soon as an answer arrived, before mapping it can fail, since Bedrock billed it.
 */
async function completeAsJson(call: ChatCall): Promise<void> {
  const { ctx, resilience, outcome } = call;
  const run = await runWithFallbacks<ConverseResponse>({
    ...chatRunOptions(call),
    attempt: async (target) => {
      const candidate = candidateFor(call, target);
      const attempt = new AttemptController(call.deadline.signal);
      attempt.arm(resilience.settings.responseTimeoutMs, 'response_timeout');
      try {
        return await attempt.race(sendConverse(resilience.clientFor(target.region), candidate.prepared.input, { signal: attempt.signal, model: target.model.id }));
      } catch (error) {
        chargeUnfinishedAttempt(call, candidate, attempt, false);
        throw error;
      } finally {
        attempt.dispose();
      }
    },
  });
  try {
    const headers = serve(call, run);
    // Bedrock billed this answer whatever happens next: its usage is known before anything can fail.
    outcome.usage = convertUsage(run.value.usage).tokens;
    const { completion, rawStopReason } = convertToChatCompletion(run.value, completionOptions(call, run.target));
    ctx.logFields.stopReason = rawStopReason;
    ctx.logFields.finishReason = completion.choices[0]?.finish_reason;
    if (ctx.services.config.logPrompts) ctx.logFields.completion = completion.choices[0]?.message;
    await ctx.response.json(200, completion, headers);
    outcome.status = 200;
  } finally {
    run.release();
  }
}

export { completeAsJson };
