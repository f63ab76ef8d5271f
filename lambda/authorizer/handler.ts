/**
 * @module API Gateway REQUEST authorizer for `/v1` and `/bedrock`: virtual keys, JWTs and STS identity tokens, sent
 * as `Authorization: Bearer ...` or in Anthropic's `x-api-key` header.
 *
 * On the OpenAI routes the identity source is the `Authorization` header and results are cached, so
 * the policy allows the whole stage (`apiId/stage/*\/*`): a cached verdict must hold for every route
 * of the caller. The Messages routes take either header, so their authorizer has no identity source
 * and no cache (API Gateway refuses a request that lacks any identity source of a caching authorizer).
 * Budgets, rate limits and key revocation are enforced again in the gateway on every request.
 * A denial throws `Unauthorized`, which API Gateway turns into a 401.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createAuthenticator, type GatewayAuthenticator } from '../identity/authenticator';
import { toAuthorizerContext } from '../identity/authorizer-context';
import { readCredential } from '../identity/bearer-token';
import { createKeyStore } from '../ledger/key-store';
import { readRuntimeConfig } from '../platform/config';
import { getLogger } from '../platform/observability';

/** The message API Gateway maps to 401. */
const UNAUTHORIZED = 'Unauthorized';

/** `arn:aws:execute-api:region:account:apiId/stage/METHOD/path` -> `arn:...:apiId/stage/*\/*`. */
function stageWildcardArn(methodArn: string): string {
  const colon = methodArn.lastIndexOf(':');
  const [apiId, stage] = methodArn.slice(colon + 1).split('/');
  if (colon < 0 || apiId === undefined || stage === undefined) throw new Error(`unexpected methodArn ${methodArn}`);
  return `${methodArn.slice(0, colon)}:${apiId}/${stage}/*/*`;
}

/** The event's headers with lower-case names (API Gateway passes them as the client spelled them). */
function lowerCaseHeaders(event: APIGatewayRequestAuthorizerEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[key.toLowerCase()] = value;
  return headers;
}

/** Builds the authorizer around an authenticator (injected in tests). */
function createAuthorizerHandler(
  authenticator: () => GatewayAuthenticator,
): (event: APIGatewayRequestAuthorizerEvent) => Promise<APIGatewayAuthorizerResult> {
  return async function authorize(event) {
    const token = readCredential(lowerCaseHeaders(event));
    if (token === undefined) throw new Error(UNAUTHORIZED);
    const verified = await authenticator()
      .verifyCredential(token)
      .catch((error: unknown) => {
        getLogger().warn('authorizer denied', { reason: (error as Error).message, sourceIp: event.requestContext?.identity?.sourceIp });
        throw new Error(UNAUTHORIZED);
      });
    return {
      principalId: verified.principal.id,
      policyDocument: {
        Version: '2012-10-17',
        Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: stageWildcardArn(event.methodArn) }],
      },
      context: toAuthorizerContext(verified.principal, verified.expiresAtMs),
    };
  };
}

let shared: GatewayAuthenticator | undefined;

/** The authenticator of the deployed function, built from the environment on first use. */
function authenticatorFromEnvironment(): GatewayAuthenticator {
  if (shared === undefined) {
    const config = readRuntimeConfig();
    shared = createAuthenticator({
      keys: createKeyStore({ client: new DynamoDBClient({}), tableName: config.tableName }),
      jwtIssuers: config.jwtIssuersJson,
      sts: config.sts,
    });
  }
  return shared;
}

const handler = createAuthorizerHandler(authenticatorFromEnvironment);

export { createAuthorizerHandler, handler, stageWildcardArn };
