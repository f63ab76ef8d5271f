/**
 * @module Turns an API Gateway REST (proxy v1) event into a gateway request.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { GatewayRequest, PlatformIdentity } from './http-types';

function lowerCaseHeaders(event: APIGatewayProxyEvent): Record<string, string> {
  const headers: Record<string, string> = {};
  const multi = event.multiValueHeaders ?? {};
  for (const [name, values] of Object.entries(multi)) {
    if (values !== undefined && values.length > 0) headers[name.toLowerCase()] = values.join(', ');
  }
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    const key = name.toLowerCase();
    if (value !== undefined && headers[key] === undefined) headers[key] = value;
  }
  return headers;
}

function queryOf(event: APIGatewayProxyEvent): URLSearchParams {
  const query = new URLSearchParams();
  for (const [name, values] of Object.entries(event.multiValueQueryStringParameters ?? {})) {
    for (const value of values ?? []) query.append(name, value);
  }
  if ([...query.keys()].length === 0) {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
      if (value !== undefined) query.append(name, value);
    }
  }
  return query;
}

function identityOf(event: APIGatewayProxyEvent): PlatformIdentity | undefined {
  const authorizer = event.requestContext.authorizer;
  if (authorizer !== null && authorizer !== undefined && typeof authorizer === 'object') {
    const context: Record<string, string> = {};
    for (const [name, value] of Object.entries(authorizer)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') context[name] = String(value);
    }
    if (Object.keys(context).length > 0) return { kind: 'authorizer', context };
  }
  const identity = event.requestContext.identity;
  if (identity?.userArn) {
    return {
      kind: 'iam',
      userArn: identity.userArn,
      accountId: identity.accountId ?? undefined,
      accessKey: identity.accessKey ?? undefined,
    };
  }
  return undefined;
}

/** Builds the runtime-neutral request from the event; `signal` aborts when the client goes away. */
function requestFromProxyEvent(event: APIGatewayProxyEvent, signal: AbortSignal, receivedAtMs: number, deadlineAtMs?: number): GatewayRequest {
  const body = event.body === null || event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8');
  return {
    method: event.httpMethod.toUpperCase(),
    path: event.path,
    query: queryOf(event),
    headers: lowerCaseHeaders(event),
    body,
    sourceIp: event.requestContext.identity?.sourceIp ?? '',
    platformIdentity: identityOf(event),
    signal,
    receivedAtMs,
    deadlineAtMs,
  };
}

export { requestFromProxyEvent };
