/**
 * @module Route matching: method + path pattern to handler, with 404 and 405 told apart.
 */
import { MethodNotAllowedError, NotFoundError } from '../platform/errors';
import type { RouteHandler } from './context';

/** Which credentials a route accepts. */
type RouteAuth = 'v1' | 'iam' | 'admin' | 'none';

/** One route: `pattern` segments starting with `:` capture one segment, `*name` captures the rest. */
interface Route {
  readonly method: string;
  readonly pattern: string;
  readonly auth: RouteAuth;
  readonly handler: RouteHandler;
  /**
   * `with-admission`: the route admits every request through the ledger before it calls Bedrock or
   * answers, so a key's fresh check may be left to the admission (issued with its reservations).
   * Otherwise the check completes before the handler runs.
   */
  readonly credentialCheck?: 'with-admission';
}

interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
}

function matchSegments(segments: readonly string[], pathSegments: readonly string[]): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as string;
    if (segment.startsWith('*')) {
      const rest = pathSegments.slice(i);
      if (rest.length === 0) return undefined;
      params[segment.slice(1)] = rest.map(decodeSegment).join('/');
      return params;
    }
    const actual = pathSegments[i];
    if (actual === undefined) return undefined;
    if (segment.startsWith(':')) params[segment.slice(1)] = decodeSegment(actual);
    else if (segment !== actual) return undefined;
  }
  return segments.length === pathSegments.length ? params : undefined;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function splitPath(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** A fixed table of routes, compiled once. */
class Router {
  private readonly compiled: readonly CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map((route) => ({ route, segments: splitPath(route.pattern) }));
  }

  /** Finds the route for a request, or throws 404 (no such path) / 405 (path exists, other method). */
  match(method: string, path: string): RouteMatch {
    const pathSegments = splitPath(path);
    let pathMatched = false;
    for (const { route, segments } of this.compiled) {
      const params = matchSegments(segments, pathSegments);
      if (params === undefined) continue;
      if (route.method === method) return { route, params };
      pathMatched = true;
    }
    if (pathMatched) {
      throw new MethodNotAllowedError(`Method ${method} is not allowed on ${path}.`, { code: 'method_not_allowed' });
    }
    throw new NotFoundError(`Unknown request URL: ${method} ${path}. Please check the URL for typos.`, {
      code: 'unknown_url',
    });
  }
}

export { Router };
export type { Route, RouteAuth, RouteMatch };
