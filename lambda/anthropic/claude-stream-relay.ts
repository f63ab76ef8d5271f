/**
 * @module Claude's stream events (from InvokeModelWithResponseStream) relayed as Anthropic's SSE
 * events: the model named as the client asked, usage counts complete, Bedrock's invocation metrics
 * removed, a `ping` after the first block starts (as Anthropic's API sends), and a stream that ends
 * without `message_stop` reported as an error (Claude Code retries such a stream without streaming).
 */
import { BadGatewayError, type GatewayError } from '../platform/errors';
import { INVOCATION_METRICS_KEY, completeUsage, type MessagesStreamEvent } from './claude-invoke-answer';

/** What one relayed event becomes: events to send, or an error to end the stream with. */
type RelayOutput = { readonly events: readonly MessagesStreamEvent[]; readonly error?: undefined } | { readonly events?: undefined; readonly error: GatewayError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Relays one Claude stream; one instance per response. */
class ClaudeStreamRelay {
  private pinged = false;
  private stopped = false;
  private stopReason: string | undefined;

  /** @param modelName the `model` the client sees (its own spelling). */
  constructor(private readonly modelName: string) {}

  relay(event: MessagesStreamEvent): RelayOutput {
    switch (event.type) {
      case 'message_start': {
        const message = isRecord(event['message']) ? event['message'] : {};
        return { events: [{ ...event, message: { ...message, model: this.modelName, usage: completeUsage(message['usage']) } }] };
      }
      case 'content_block_start':
        if (this.pinged) return { events: [event] };
        this.pinged = true;
        return { events: [event, { type: 'ping' }] };
      case 'message_delta': {
        const delta = event['delta'];
        if (isRecord(delta) && typeof delta['stop_reason'] === 'string') this.stopReason = delta['stop_reason'];
        return { events: [event] };
      }
      case 'message_stop': {
        this.stopped = true;
        const { [INVOCATION_METRICS_KEY]: _metrics, ...rest } = event;
        return { events: [rest as MessagesStreamEvent] };
      }
      case 'error': {
        const error = isRecord(event['error']) ? event['error'] : {};
        const message = typeof error['message'] === 'string' ? error['message'] : 'The model stream failed.';
        return { error: new BadGatewayError(message, { code: 'model_error' }) };
      }
      default:
        return { events: [event] };
    }
  }

  /** Bedrock's stream ended: an error when Claude's `message_stop` never came. */
  end(): GatewayError | undefined {
    return this.stopped ? undefined : new BadGatewayError('The model stream ended before message_stop.', { code: 'upstream_stream_incomplete' });
  }

  /** Claude's stop reason, once `message_delta` named it. */
  get rawStopReason(): string | undefined {
    return this.stopReason;
  }
}

export { ClaudeStreamRelay };
export type { RelayOutput };
