/** @module The state of one chat completion call: its candidates, who served, and how it ended. */
import { randomUUID } from 'node:crypto';
import type { PreparedConverseRequest } from '../../../bedrock/prepare-converse-request';
import type { TokenUsage } from '../../../ledger/meter-types';
import type { OpenAIChatCompletionRequest } from '../../../openai/chat-request-types';
import type { CallDeadline } from '../../../resilience/request-resilience';
import type { GatewayResilience } from '../../../resilience/resilience-service';
import type { RoutePlan, RouteTarget } from '../../../routing/route-types';
import type { RequestContext } from '../../context';
import { NO_USAGE } from './chat-cost';

/** How the model call ended, filled in as it runs and settled once. */
interface CallOutcome {
  /** Usage of `ChatCall.served`: Bedrock's count, or an estimate where it sent none. */
  usage: TokenUsage;
  /** Attempts that failed after reaching Bedrock (timeouts), each priced at its own target: Bedrock may bill them. */
  readonly unfinished: { usage: TokenUsage; costNanoUsd: number };
  status: number;
  errorCode?: string;
  clientAborted: boolean;
  timeToFirstTokenMs?: number;
}

/** A target of the plan with the request prepared for its model (parameters, tools and limits differ per model). */
interface Candidate {
  readonly target: RouteTarget;
  readonly prepared: PreparedConverseRequest;
}

/** The candidates of a call, in the order they are tried; the first is the primary. */
type Candidates = readonly [Candidate, ...Candidate[]];

/** Everything one call needs, resolved before Bedrock is called. */
interface ChatCall {
  readonly ctx: RequestContext;
  readonly request: OpenAIChatCompletionRequest;
  readonly plan: RoutePlan;
  readonly candidates: Candidates;
  readonly resilience: GatewayResilience;
  readonly id: string;
  readonly created: number;
  /**
   * The candidate that served, or the one whose call was in flight when the client left or the
   * deadline passed (until then, the first): its model prices `outcome.usage`.
   */
  served: Candidate;
  readonly outcome: CallOutcome;
  /** Aborts on the client leaving or the invocation's deadline; parent of every attempt. */
  readonly deadline: CallDeadline;
}

/** What `createChatCall` takes; the rest of the call is derived from the context. */
interface ChatCallOptions {
  readonly ctx: RequestContext;
  readonly request: OpenAIChatCompletionRequest;
  readonly plan: RoutePlan;
  readonly candidates: Candidates;
  readonly deadline: CallDeadline;
}

function newCompletionId(): string {
  return `chatcmpl-${randomUUID().replace(/-/g, '')}`;
}

/** Starts a call on its primary candidate, with a fresh completion id and nothing used or charged yet. */
function createChatCall({ ctx, request, plan, candidates, deadline }: ChatCallOptions): ChatCall {
  return {
    ctx,
    request,
    plan,
    candidates,
    resilience: ctx.services.resilience,
    id: newCompletionId(),
    created: Math.floor(ctx.services.now() / 1000),
    served: candidates[0],
    outcome: { usage: NO_USAGE, unfinished: { usage: NO_USAGE, costNanoUsd: 0 }, status: 0, clientAborted: false },
    deadline,
  };
}

/** The candidate of a target the fallback run picked (the served one if the run named another). */
function candidateFor(call: ChatCall, target: RouteTarget): Candidate {
  return call.candidates.find((candidate) => candidate.target.key === target.key) ?? call.served;
}

export { candidateFor, createChatCall };
export type { CallOutcome, Candidate, Candidates, ChatCall, ChatCallOptions };
