/**
 * @module The dependencies a request needs, built once per process and injected into the pipeline.
 */
import type { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { CatalogRefreshReport, ModelCatalog } from '../catalog';
import type { AdminAuthorizer, Authenticator } from '../identity/principal';
import type { RequestMeter } from '../ledger/meter-types';
import type { PrincipalSessions } from '../audit/principal-sessions';
import type { Readiness } from '../health/readiness';
import type { BackgroundTasks } from '../platform/background-tasks';
import type { RuntimeConfig } from '../platform/config';
import type { ResponseStore } from '../responses/response-store';
import type { GatewayResilience } from '../resilience/resilience-service';
import type { TeamInferenceProfiles } from '../routing/team-inference-profiles';

/** Process-wide dependencies of the gateway. */
interface GatewayServices {
  readonly config: RuntimeConfig;
  readonly catalog: ModelCatalog;
  /**
   * Brings a live catalog up to date before an authenticated route runs (bounded wait for the first
   * load, then background refreshes). @default - nothing (a catalog without a live listing)
   */
  readonly freshenCatalog?: () => Promise<void>;
  /**
   * Fetches the live listing from the Bedrock control plane and the AWS Price List, writes it as the
   * catalog snapshot in the ledger table and merges it into this process's catalog (the admin
   * refresh, `npm start`). @default - absent when the live catalog is off
   */
  readonly refreshCatalogSnapshot?: () => Promise<CatalogRefreshReport>;
  readonly bedrock: BedrockRuntimeClient;
  readonly authenticator: Authenticator;
  readonly adminAuthorizer: AdminAuthorizer;
  /** Budgets, rate limits and usage records around every model call. */
  readonly meter: RequestMeter;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Routing, retries, timeouts, circuit breakers and concurrency limits. */
  readonly resilience: GatewayResilience;
  /** Stored Responses API responses (and the reasoning seal key), in the ledger table. */
  readonly responses: ResponseStore;
  /** Epoch milliseconds; injectable so tests control time. */
  readonly now: () => number;
  /**
   * Work started by a request that runs after its response (budget alerts); each request waits
   * for it after its response has ended, so a Lambda invocation does not freeze it half done.
   * @default - nothing runs in the background
   */
  readonly background?: BackgroundTasks;
  /**
   * The dependency checks of `GET /health/ready` (ledger table, Bedrock endpoint), cached briefly.
   * @default - ready without checks
   */
  readonly readiness?: Readiness;
  /**
   * Per team, the application inference profile each model is called through (`GATEWAY_TEAM_INFERENCE_PROFILES`).
   * @default - every team calls the catalog's model ids
   */
  readonly teamInferenceProfiles?: TeamInferenceProfiles;
  /**
   * Per-principal role sessions for Bedrock calls (`GATEWAY_AUDIT_ROLE_ARN`): CloudTrail names the
   * gateway principal in each call's source identity.
   * @default - calls as the function's own role
   */
  readonly principalSessions?: PrincipalSessions;
}

export type { GatewayServices };
