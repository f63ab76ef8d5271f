/**
 * @module Per-request state: the request, its id, the response writer, the principal, log fields.
 */
import type { CredentialCheck, Principal } from '../identity/principal';
import type { GatewayRequest } from '../platform/http-types';
import type { ResponseWriter } from './response-writer';
import type { GatewayServices } from './services';

/** Everything a middleware or route handler knows about the request in flight. */
interface RequestContext {
  readonly request: GatewayRequest;
  readonly requestId: string;
  readonly services: GatewayServices;
  readonly response: ResponseWriter;
  /** Path parameters of the matched route. */
  params: Readonly<Record<string, string>>;
  /** Set by authentication before any route that needs a caller runs. */
  principal?: Principal;
  /**
   * The principal's fresh credential check, still to run (routes whose admission issues it with the
   * reservations); the error boundary completes it before any error is answered.
   */
  credentialCheck?: CredentialCheck;
  /** Fields added to the request's one access-log line (model, tokens, cost, ...). */
  readonly logFields: Record<string, unknown>;
}

/** A route's entry point. */
type RouteHandler = (ctx: RequestContext) => Promise<void>;

export type { RequestContext, RouteHandler };
