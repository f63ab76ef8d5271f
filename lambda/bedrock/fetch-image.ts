/** @module Fetches remote images for Converse (which takes bytes only), guarded against SSRF, size and time abuse. */
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import { untilAborted } from '../platform/until-aborted';
import { isPublicAddress } from './address-policy';
import { detectImageFormat, type BedrockImageFormat } from './image-format';

/** A fetched image with its format detected from the bytes. */
interface FetchedImage {
  readonly bytes: Uint8Array;
  readonly format: BedrockImageFormat;
}

/** Fetches an image URL on the caller's behalf. */
type ImageFetcher = (url: string, signal?: AbortSignal) => Promise<FetchedImage>;

/** Why a fetch was refused or failed. */
type ImageFetchFailure =
  | 'invalid_url'
  | 'blocked_address'
  | 'too_large'
  | 'timeout'
  | 'incomplete'
  | 'http_status'
  | 'too_many_redirects'
  | 'unsupported_format'
  | 'network';

/** A fetch failure caused by the URL the caller gave; the request mapper turns it into a 400. */
class ImageFetchError extends Error {
  override readonly name = 'ImageFetchError';
  constructor(
    readonly reason: ImageFetchFailure,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Bedrock's per-image limit: "Each image's size, height, and width must be no more than 3.75 MB,
 * 8000 px, and 8000 px".
 * @see https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Message.html
 */
const MAX_IMAGE_BYTES = 3_750_000;
const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_REDIRECTS = 3;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

interface ImageFetcherOptions {
  /** Largest image accepted, checked while reading. @default 3,750,000 bytes (Bedrock's limit) */
  maxBytes?: number;
  /** Time budget for the whole fetch, redirects included. @default 10000 */
  timeoutMs?: number;
  /** Allows loopback and private addresses. For tests against a local server only. @default false */
  allowPrivateNetworks?: boolean;
  /**
   * Uses this `fetch` instead of the built-in guarded HTTP client. The host is resolved and checked
   * before each request, but `fetch` resolves it again, so only the built-in client is immune to
   * DNS rebinding. @default - node:http/https, connecting to the address that was checked
   */
  fetchImpl?: typeof fetch;
  /** Resolves a host name to IP addresses. @default - `dns.lookup` with `all: true` */
  resolveHost?: (hostname: string) => Promise<string[]>;
}

/** One HTTP exchange, before redirects are followed. */
interface RawResponse {
  readonly status: number;
  readonly location: string | undefined;
  readonly contentLength: number | undefined;
  readonly body: AsyncIterable<Uint8Array>;
  /** Whether the body that was read is the whole message (the transport saw its end, not a cut connection). */
  readonly complete: () => boolean;
  /** Releases the connection when the body is not read. */
  readonly discard: () => void;
}

async function defaultResolveHost(hostname: string): Promise<string[]> {
  const addresses = await dnsLookup(hostname, { all: true, verbatim: true });
  return addresses.map((entry) => entry.address);
}

/**
 * Resolves and checks a host; every address must be public, so a mixed answer cannot slip through.
 * The lookup runs under the fetch's time budget: `dns.lookup` takes no signal, so a resolver that
 * never answers would otherwise hold the request past its timeout.
 */
async function resolveCheckedAddress(
  hostname: string,
  resolveHost: (hostname: string) => Promise<string[]>,
  allowPrivateNetworks: boolean,
  signal: AbortSignal,
): Promise<string> {
  const literal = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = isIP(literal) === 0 ? await untilAborted(resolveHost(literal), signal) : [literal];
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ImageFetchError('network', `could not resolve host ${hostname}`, { cause: error });
  }
  const [first] = addresses;
  if (first === undefined) throw new ImageFetchError('network', `host ${hostname} has no address`);
  if (!allowPrivateNetworks && !addresses.every(isPublicAddress)) {
    throw new ImageFetchError('blocked_address', `host ${hostname} resolves to a private or reserved address`);
  }
  return first;
}

/** node:http(s) exchange that connects to `address` (already checked) while keeping the host name for TLS and Host. */
function requestWithPinnedAddress(url: URL, address: string, signal: AbortSignal): Promise<RawResponse> {
  const family = isIP(address);
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) {
      (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    } else {
      callback(null, address, family);
    }
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: 'GET', lookup: pinnedLookup, signal, headers: { accept: 'image/*' } }, (response) => {
      const header = response.headers['content-length'];
      resolve({
        status: response.statusCode ?? 0,
        location: response.headers.location,
        contentLength: header === undefined ? undefined : Number(header),
        body: response,
        complete: () => response.complete,
        discard: () => response.destroy(),
      });
    });
    request.on('error', reject);
    request.end();
  });
}

/** Exchange through an injected `fetch`, redirects handled by the caller. */
async function requestWithFetch(fetchImpl: typeof fetch, url: URL, signal: AbortSignal): Promise<RawResponse> {
  const response = await fetchImpl(url, { redirect: 'manual', signal, headers: { accept: 'image/*' } });
  const header = response.headers.get('content-length');
  const stream = response.body;
  let finished = stream === null;
  async function* chunks(): AsyncIterable<Uint8Array> {
    if (stream === null) return;
    const reader = stream.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          finished = true;
          return;
        }
        yield value;
      }
    } finally {
      reader.releaseLock();
    }
  }
  return {
    status: response.status,
    location: response.headers.get('location') ?? undefined,
    contentLength: header === null ? undefined : Number(header),
    body: chunks(),
    complete: () => finished,
    discard: () => void stream?.cancel().catch(() => undefined),
  };
}

/** Reads a body, stopping as soon as it passes `maxBytes` so a huge image never sits in memory. */
async function readCapped(body: AsyncIterable<Uint8Array>, maxBytes: number): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new ImageFetchError('too_large', `image is larger than ${maxBytes} bytes`);
    chunks.push(chunk);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

function incompleteBody(cause?: unknown): ImageFetchError {
  return new ImageFetchError('incomplete', 'the image URL closed the connection before sending the whole image', cause === undefined ? undefined : { cause });
}

/**
 * Reads the whole body or fails: an image cut short (a connection closed mid-body, fewer bytes than
 * its Content-Length, or a body a runtime ended quietly when the time budget aborted it) is never
 * sent to the model, whatever the framing (Content-Length, chunked or close-delimited).
 */
async function readWholeBody(response: RawResponse, maxBytes: number, signal: AbortSignal): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(response.body, maxBytes);
  } catch (error) {
    if (error instanceof ImageFetchError || signal.aborted) throw error;
    throw incompleteBody(error);
  }
  if (signal.aborted) throw signal.reason;
  if (!response.complete() || (response.contentLength !== undefined && bytes.byteLength !== response.contentLength)) throw incompleteBody();
  return bytes;
}

function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new ImageFetchError('invalid_url', 'the image URL is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ImageFetchError('invalid_url', `unsupported URL scheme ${url.protocol}; use http(s) or a data URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ImageFetchError('invalid_url', 'URLs with credentials are not fetched');
  }
  return url;
}

/**
 * Creates the gateway's image fetcher: resolves the host first and refuses private, loopback,
 * link-local, CGNAT, multicast and metadata addresses (IPv4-mapped forms included), connects to the
 * address it checked, follows at most 3 redirects (checking each), caps the size while reading,
 * times out, and detects the format from the bytes.
 * @example const fetchImage = createImageFetcher(); await fetchImage('https://example.com/cat.png');
 */
function createImageFetcher(options: ImageFetcherOptions = {}): ImageFetcher {
  const {
    maxBytes = MAX_IMAGE_BYTES,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    allowPrivateNetworks = false,
    fetchImpl,
    resolveHost = defaultResolveHost,
  } = options;

  async function exchange(url: URL, signal: AbortSignal): Promise<RawResponse> {
    const address = await resolveCheckedAddress(url.hostname, resolveHost, allowPrivateNetworks, signal);
    return fetchImpl === undefined ? requestWithPinnedAddress(url, address, signal) : requestWithFetch(fetchImpl, url, signal);
  }

  async function fetchFollowingRedirects(start: URL, signal: AbortSignal): Promise<Uint8Array> {
    let url = start;
    for (let redirects = 0; ; redirects += 1) {
      const response = await exchange(url, signal);
      if (REDIRECT_STATUSES.has(response.status) && response.location !== undefined) {
        response.discard();
        if (redirects >= MAX_REDIRECTS) throw new ImageFetchError('too_many_redirects', `more than ${MAX_REDIRECTS} redirects`);
        url = parseHttpUrl(response.location, url);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        response.discard();
        throw new ImageFetchError('http_status', `the image URL answered HTTP ${response.status}`);
      }
      if (response.contentLength !== undefined && response.contentLength > maxBytes) {
        response.discard();
        throw new ImageFetchError('too_large', `image is larger than ${maxBytes} bytes`);
      }
      return readWholeBody(response, maxBytes, signal);
    }
  }

  return async function fetchImage(url: string, signal?: AbortSignal): Promise<FetchedImage> {
    const start = parseHttpUrl(url);
    const timeout = AbortSignal.timeout(timeoutMs);
    const combined = signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
    let bytes: Uint8Array;
    try {
      bytes = await fetchFollowingRedirects(start, combined);
    } catch (error) {
      if (error instanceof ImageFetchError) throw error;
      if (signal?.aborted) throw signal.reason;
      if (timeout.aborted) throw new ImageFetchError('timeout', `the image was not fetched within ${timeoutMs} ms`, { cause: error });
      throw new ImageFetchError('network', 'the image could not be fetched', { cause: error });
    }
    const format = detectImageFormat(bytes);
    if (format === undefined) throw new ImageFetchError('unsupported_format', 'the URL did not return a PNG, JPEG, GIF or WebP image');
    return { bytes, format };
  };
}

export { ImageFetchError, MAX_IMAGE_BYTES, createImageFetcher };
export type { FetchedImage, ImageFetcher, ImageFetcherOptions, ImageFetchFailure };
