/**
 * @module The browser's only way out: same-origin calls to the console server, which forwards
 * `/api/admin/*` to the admin API with the operator's credentials.
 */

/** An error answered by the admin API (or by the console server when it cannot reach it). */
class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly type: string,
    readonly param: string | null,
  ) {
    super(message);
  }
}

interface ErrorBody {
  readonly error?: { readonly message?: string; readonly type?: string; readonly param?: string | null };
}

/** Calls the admin API through the console server; resolves to the JSON body or throws an ApiError. */
async function adminApi<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('The console server does not answer. Is `npm run console` still running?', 0, 'console_error', null);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError(`${method} ${path} answered ${response.status} with a body that is not JSON.`, response.status, 'api_error', null);
  }
  if (!response.ok) {
    const error = (parsed as ErrorBody).error ?? {};
    throw new ApiError(error.message ?? `${method} ${path} failed with status ${response.status}.`, response.status, error.type ?? 'api_error', error.param ?? null);
  }
  return parsed as T;
}

/** The message to show for anything a call threw. */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The console server's own description of what it is connected to (nothing secret). */
interface ConsoleInfo {
  readonly adminUrl: string;
  readonly auth: 'token' | 'sigv4';
  readonly region: string | null;
}

export { ApiError, adminApi, messageOf };
export type { ConsoleInfo };
