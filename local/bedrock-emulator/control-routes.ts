/**
 * @module HTTP/1.1 routes: the Bedrock control plane (model listings) and the `/_emulator` test API.
 *
 * `/_emulator` (JSON in, JSON out):
 * - `POST /_emulator/scripts`   body: a ScriptedReply or an array of them -> 204
 * - `POST /_emulator/faults`    body: an EmulatorFault or an array of them -> 204
 * - `GET /_emulator/requests`   -> `{"requests": RecordedRequest[]}`
 * - `DELETE /_emulator/requests` -> 204 (clears the log)
 * - `POST /_emulator/reset`     -> 204 (clears scripts, faults, log and the invocation logging setting)
 * - `POST /_emulator/logging-role-refusals` body: `{"count": N}` -> 204 (the next N puts of a CloudWatch
 *   logging destination meet a delivery role IAM has not yet propagated)
 * - `GET /_emulator/status`     -> `{"pending": {"replies", "faults"}, "models": [modelId...]}`
 */

import { BedrockEmulatorError, INJECTED_ERRORS, STREAM_EXCEPTIONS } from './bedrock-errors';
import { listFoundationModels, listInferenceProfiles } from './control-plane';
import { getProducts } from './price-list';
import type { EmulatorCore } from './emulator-core';
import { baseHeaders, flattenHeaders, newRequestId, parseJsonBody, readBody, sendError, sendJson, type RequestSource, type ResponseSink } from './http-io';
import { isJsonObject, type JsonObject } from './request-features';
import type { EmulatorFault, RecordedOperation, ScriptedReply } from './types';

/** A bad `/_emulator` payload. */
class EmulatorApiError extends Error {
  override readonly name = 'EmulatorApiError';
}

function isNonNegativeNumber(value: unknown): value is number {
  return typeof value === 'number' && value >= 0;
}

function asList(raw: unknown): unknown[] {
  return Array.isArray(raw) ? raw : [raw];
}

function isFault(value: JsonObject): value is JsonObject & EmulatorFault {
  switch (value['type']) {
    case 'error':
      return typeof value['error'] === 'string' && value['error'] in INJECTED_ERRORS;
    case 'mid-stream-error':
      return isNonNegativeNumber(value['afterEvents']) && (value['error'] === undefined || (typeof value['error'] === 'string' && value['error'] in STREAM_EXCEPTIONS));
    case 'slow-first-byte':
    case 'slow-tokens':
      return isNonNegativeNumber(value['delayMs']);
    default:
      return false;
  }
}

/** Checks `/_emulator/faults` input. */
function parseFaults(raw: unknown): EmulatorFault[] {
  return asList(raw).map((value, index) => {
    if (!isJsonObject(value) || !isFault(value)) {
      throw new EmulatorApiError(
        `faults[${index}] is not a valid fault: expected {"type":"error","error":one of ${Object.keys(INJECTED_ERRORS).join('|')}}, ` +
          `{"type":"mid-stream-error","afterEvents":N}, {"type":"slow-first-byte","delayMs":N} or {"type":"slow-tokens","delayMs":N}.`,
      );
    }
    return value;
  });
}

function isScriptedReply(value: JsonObject): value is JsonObject & ScriptedReply {
  const { text, toolCalls, reasoning, usage } = value;
  return (
    (text === undefined || typeof text === 'string') &&
    (toolCalls === undefined || (Array.isArray(toolCalls) && toolCalls.every((call) => isJsonObject(call) && typeof call['name'] === 'string' && isJsonObject(call['input'])))) &&
    (reasoning === undefined || isJsonObject(reasoning)) &&
    (usage === undefined || isJsonObject(usage))
  );
}

/** Checks `/_emulator/scripts` input. */
function parseScripts(raw: unknown): ScriptedReply[] {
  return asList(raw).map((value, index) => {
    if (!isJsonObject(value) || !isScriptedReply(value)) {
      throw new EmulatorApiError(`scripts[${index}] is not a valid scripted reply: expected {"text"?, "toolCalls"?: [{"name","input"}], "reasoning"?, "usage"?, "stopReason"?, "modelId"?, "times"?}.`);
    }
    return value;
  });
}

function noContent(response: ResponseSink): void {
  response.writeHead(204, {});
  response.end();
}

async function handleEmulatorApi(core: EmulatorCore, method: string, path: string, request: RequestSource, response: ResponseSink): Promise<void> {
  const route = `${method} ${path}`;
  try {
    switch (route) {
      case 'POST /_emulator/scripts':
        core.store.script(...parseScripts(parseJsonBody(await readBody(request))));
        return noContent(response);
      case 'POST /_emulator/faults':
        core.store.fault(...parseFaults(parseJsonBody(await readBody(request))));
        return noContent(response);
      case 'GET /_emulator/requests':
        return sendJson(response, 200, { requests: core.log.list() });
      case 'DELETE /_emulator/requests':
        core.log.clear();
        return noContent(response);
      case 'POST /_emulator/reset':
        core.store.clear();
        core.log.clear();
        core.invocationLogging.reset();
        return noContent(response);
      case 'POST /_emulator/logging-role-refusals': {
        const body = parseJsonBody(await readBody(request));
        const count = isJsonObject(body) ? body['count'] : undefined;
        if (!isNonNegativeNumber(count) || !Number.isInteger(count)) throw new EmulatorApiError('count must be a whole number of refusals, 0 or more.');
        core.invocationLogging.refuseRoles(count);
        return noContent(response);
      }
      case 'GET /_emulator/status':
        return sendJson(response, 200, { pending: core.store.pending, models: core.resolver.models.map((model) => model.modelId) });
      default:
        return sendJson(response, 404, { message: `No emulator route ${route}.` });
    }
  } catch (error) {
    return sendJson(response, 400, { message: error instanceof Error ? error.message : String(error) });
  }
}

function recordControlCall(core: EmulatorCore, operation: RecordedOperation, query: URLSearchParams, request: RequestSource): string {
  const id = newRequestId();
  core.log.add({ id, operation, body: Object.fromEntries(query), headers: flattenHeaders(request.headers), receivedAt: new Date(), status: 200 });
  return id;
}

const INVOCATION_LOGGING_OPERATIONS: Readonly<Record<string, RecordedOperation>> = {
  PUT: 'PutModelInvocationLoggingConfiguration',
  GET: 'GetModelInvocationLoggingConfiguration',
  DELETE: 'DeleteModelInvocationLoggingConfiguration',
};

/** `PUT`, `GET` and `DELETE /logging/modelinvocations`: Bedrock's restJson1 answers, errors included. */
async function handleInvocationLogging(core: EmulatorCore, method: string, request: RequestSource, response: ResponseSink): Promise<void> {
  const id = newRequestId();
  const operation = INVOCATION_LOGGING_OPERATIONS[method];
  if (operation === undefined) return sendJson(response, 405, { message: `${method} is not allowed on /logging/modelinvocations.` }, baseHeaders(id));
  let body: unknown = {};
  let status = 200;
  try {
    if (method === 'PUT') {
      body = parseJsonBody(await readBody(request));
      core.invocationLogging.put(body);
    } else if (method === 'DELETE') {
      core.invocationLogging.delete();
    }
    sendJson(response, 200, method === 'GET' ? core.invocationLogging.get() : {}, baseHeaders(id));
  } catch (error) {
    if (!(error instanceof BedrockEmulatorError)) throw error;
    status = error.statusCode;
    sendError(response, error, id);
  }
  core.log.add({ id, operation, body: isJsonObject(body) ? body : {}, headers: flattenHeaders(request.headers), receivedAt: new Date(), status });
}

/** Handles control-plane and `/_emulator` requests; returns false when the path is neither. */
async function handleControlRequest(core: EmulatorCore, method: string, url: URL, request: RequestSource, response: ResponseSink): Promise<boolean> {
  if (url.pathname.startsWith('/_emulator/')) {
    await handleEmulatorApi(core, method, url.pathname, request, response);
    return true;
  }
  if (method === 'GET' && url.pathname === '/foundation-models') {
    const id = recordControlCall(core, 'ListFoundationModels', url.searchParams, request);
    sendJson(response, 200, listFoundationModels(core.resolver.models, url.searchParams, core.control), baseHeaders(id));
    return true;
  }
  if (method === 'POST' && url.pathname === '/' && flattenHeaders(request.headers)['x-amz-target'] === 'AWSPriceListService.GetProducts') {
    const body = parseJsonBody(await readBody(request));
    const id = newRequestId();
    core.log.add({ id, operation: 'GetProducts', body, headers: flattenHeaders(request.headers), receivedAt: new Date(), status: 200 });
    try {
      sendJson(response, 200, getProducts(core.priceList, body, core.control.region), { ...baseHeaders(id), 'content-type': 'application/x-amz-json-1.1' });
    } catch (error) {
      sendJson(response, 400, { __type: 'InvalidParameterException', message: (error as Error).message }, { ...baseHeaders(id), 'x-amzn-errortype': 'InvalidParameterException', 'content-type': 'application/x-amz-json-1.1' });
    }
    return true;
  }
  if (url.pathname === '/logging/modelinvocations') {
    await handleInvocationLogging(core, method, request, response);
    return true;
  }
  if (method === 'GET' && url.pathname === '/inference-profiles') {
    const id = recordControlCall(core, 'ListInferenceProfiles', url.searchParams, request);
    sendJson(response, 200, listInferenceProfiles(core.resolver.models, url.searchParams, core.control), baseHeaders(id));
    return true;
  }
  return false;
}

export { handleControlRequest, parseFaults, parseScripts };
