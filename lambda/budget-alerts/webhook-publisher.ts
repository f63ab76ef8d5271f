/**
 * @module Budget alerts POSTed as JSON to an operator's HTTPS webhook, guarded like image fetches:
 * the host's addresses must be public (no private, loopback or link-local ranges, so not the EC2
 * metadata endpoint) and the connection goes to the address that was checked (no DNS rebinding);
 * redirects are not followed; the whole exchange has a time limit.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../bedrock/address-policy';
import type { AlertMessage } from './alert-message';
import type { AlertPublisher } from './alert-publishers';

interface WebhookPublisherOptions {
  /** `https://` URL (a plain `http://` one only with `allowPrivateNetworks`, for local receivers). */
  readonly url: string;
  /** Time limit for connecting, sending and reading the status. @default 5000 */
  readonly timeoutMs?: number;
  /** Lets the webhook be on loopback or private addresses (local runner and tests). @default false */
  readonly allowPrivateNetworks?: boolean;
  /** Resolves a host name to IP addresses. @default - `dns.lookup` with `all: true` */
  readonly resolveHost?: (hostname: string) => Promise<string[]>;
}

const DEFAULT_WEBHOOK_TIMEOUT_MS = 5000;

/** Why a webhook delivery failed. */
class WebhookDeliveryError extends Error {
  override readonly name = 'WebhookDeliveryError';
}

async function defaultResolve(hostname: string): Promise<string[]> {
  return (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);
}

/**
 * Checks the webhook URL once, at start: a bad one is a configuration error, not a failed alert.
 * @throws Error naming what is wrong
 */
function checkWebhookUrl(url: string, allowPrivateNetworks: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`the alert webhook URL is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'https:' && !(allowPrivateNetworks && parsed.protocol === 'http:')) {
    throw new Error(`the alert webhook URL must be https://, got "${parsed.protocol}"`);
  }
  if (parsed.username !== '' || parsed.password !== '') throw new Error('the alert webhook URL must not carry credentials; put a token in its path or query');
  return parsed;
}

/** Builds a publisher that POSTs each alert's JSON payload to `url`; a non-2xx answer is a failure. */
function createWebhookPublisher(options: WebhookPublisherOptions): AlertPublisher {
  const { timeoutMs = DEFAULT_WEBHOOK_TIMEOUT_MS, allowPrivateNetworks = false, resolveHost = defaultResolve } = options;
  const target = checkWebhookUrl(options.url, allowPrivateNetworks);
  const hostname = target.hostname.replace(/^\[|\]$/g, '');

  /** The first allowed address of the host, or a failure naming why none is. */
  async function address(): Promise<{ address: string; family: 4 | 6 }> {
    const addresses = isIP(hostname) === 0 ? await resolveHost(hostname) : [hostname];
    const allowed = addresses.filter((candidate) => allowPrivateNetworks || isPublicAddress(candidate));
    const chosen = allowed[0];
    if (chosen === undefined) {
      throw new WebhookDeliveryError(`webhook host ${hostname} has no public address (${addresses.join(', ') || 'none'}); private, loopback and link-local addresses are refused`);
    }
    return { address: chosen, family: isIP(chosen) === 6 ? 6 : 4 };
  }

  async function publish(message: AlertMessage): Promise<void> {
    const body = JSON.stringify(message.payload);
    const deadline = AbortSignal.timeout(timeoutMs);
    const pinned = await Promise.race([
      address(),
      new Promise<never>((_, reject) => {
        deadline.addEventListener('abort', () => reject(new WebhookDeliveryError(`webhook timed out after ${timeoutMs} ms`)), { once: true });
      }),
    ]);
    // Connects to the checked address whatever the resolver would answer now.
    const lookup: LookupFunction = (_host, lookupOptions, callback) => {
      if (typeof lookupOptions === 'object' && lookupOptions.all === true) callback(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    const client = target.protocol === 'https:' ? https : http;
    await new Promise<void>((resolve, reject) => {
      const request = client.request(
        target,
        {
          method: 'POST',
          lookup,
          signal: deadline,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'bedrock-gateway-budget-alerts' },
        },
        (response) => {
          const status = response.statusCode ?? 0;
          response.resume();
          if (status >= 200 && status < 300) resolve();
          else reject(new WebhookDeliveryError(`webhook answered HTTP ${status}${status >= 300 && status < 400 ? ' (redirects are not followed)' : ''}`));
        },
      );
      request.on('error', (error) => {
        reject(deadline.aborted ? new WebhookDeliveryError(`webhook timed out after ${timeoutMs} ms`) : new WebhookDeliveryError(`webhook failed: ${error.message}`, { cause: error }));
      });
      request.end(body);
    });
  }

  return { name: 'webhook', publish };
}

export { DEFAULT_WEBHOOK_TIMEOUT_MS, WebhookDeliveryError, checkWebhookUrl, createWebhookPublisher };
export type { WebhookPublisherOptions };
