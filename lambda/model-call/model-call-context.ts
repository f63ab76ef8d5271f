/** @module What the core needs of the request in flight: plain values and services, nothing of the HTTP layer. */
import type { CredentialCheck, Principal } from '../identity/principal';
import type { RequestMeter } from '../ledger/meter-types';
import type { HttpResponse } from '../platform/http-types';
import type { RequestScope } from '../resilience/request-resilience';
import type { GatewayResilience } from '../resilience/resilience-service';

/**
 * One request as the model-call core sees it. The HTTP layer builds it from its request context
 * (`modelCallContext` in lambda/gateway/routes/model-route-support.ts); tests can build it directly.
 */
interface ModelCallContext extends RequestScope {
  /** Who is charged: budgets, rate limits and usage records hang off it. */
  readonly principal: Principal;
  /** The principal's fresh credential check, when authentication left it to the admission (issued with the reservations). */
  readonly credentialCheck?: CredentialCheck;
  /** Budgets and rate limits around every model call. */
  readonly meter: RequestMeter;
  /** Routing table, retries, breakers, concurrency limits and Regional clients. */
  readonly resilience: GatewayResilience;
  /** Where the answer goes; the core sends the status and headers, the surface renders the body. */
  readonly response: HttpResponse;
}

export type { ModelCallContext };
