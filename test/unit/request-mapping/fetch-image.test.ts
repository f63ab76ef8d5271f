import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isPublicAddress } from '../../../lambda/bedrock/address-policy';
import { ImageFetchError, createImageFetcher } from '../../../lambda/bedrock/fetch-image';
import { JPEG_BYTES, PNG_BYTES } from './fixtures';

const GIF_BYTES = new Uint8Array(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'));
const WEBP_BYTES = new Uint8Array(Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'));

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((request, response) => {
    const path = request.url ?? '/';
    if (path === '/png') return void response.end(Buffer.from(PNG_BYTES));
    if (path === '/jpeg-labelled-png') {
      response.setHeader('content-type', 'image/png');
      return void response.end(Buffer.from(JPEG_BYTES));
    }
    if (path === '/gif') return void response.end(Buffer.from(GIF_BYTES));
    if (path === '/webp') return void response.end(Buffer.from(WEBP_BYTES));
    if (path === '/text') return void response.end('hello');
    if (path === '/big') {
      response.write(Buffer.alloc(600));
      return void response.end(Buffer.alloc(600));
    }
    if (path === '/slow') return void setTimeout(() => response.end(Buffer.from(PNG_BYTES)), 500);
    const png = Buffer.from(PNG_BYTES);
    // Part of a PNG, then silence: chunked (no Content-Length) or with a Content-Length.
    if (path === '/stall-chunked') return void response.write(png.subarray(0, 16));
    if (path === '/stall-sized') {
      response.setHeader('content-length', String(png.length));
      return void response.write(png.subarray(0, 16));
    }
    if (path === '/drip') {
      let sent = 0;
      const timer = setInterval(() => {
        if (sent < png.length) response.write(png.subarray(sent, (sent += 1)));
        else clearInterval(timer);
      }, 40);
      response.on('close', () => clearInterval(timer));
      return;
    }
    // Part of a PNG, then the connection closes.
    if (path === '/cut-chunked' || path === '/cut-sized') {
      if (path === '/cut-sized') response.setHeader('content-length', String(png.length));
      response.write(png.subarray(0, 16));
      return void setTimeout(() => response.socket?.destroy(), 20);
    }
    if (path === '/missing') {
      response.statusCode = 404;
      return void response.end();
    }
    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (redirect) {
      const left = Number(redirect[1]);
      response.statusCode = 302;
      response.setHeader('location', left === 0 ? '/png' : `/redirect/${left - 1}`);
      return void response.end();
    }
    response.statusCode = 404;
    response.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ImageFetchError) return error.reason;
    throw error;
  }
  throw new Error('expected a failure');
}

describe('createImageFetcher against a local server', () => {
  const fetchLocal = createImageFetcher({ allowPrivateNetworks: true, maxBytes: 1000, timeoutMs: 200 });

  it.each([
    { path: '/png', format: 'png' },
    { path: '/jpeg-labelled-png', format: 'jpeg' },
    { path: '/gif', format: 'gif' },
    { path: '/webp', format: 'webp' },
    { path: '/redirect/2', format: 'png' },
  ])('detects $format from the bytes of $path', async ({ path, format }) => {
    expect((await fetchLocal(`${base}${path}`)).format).toBe(format);
  });

  it.each([
    { path: '/text', reason: 'unsupported_format' },
    { path: '/big', reason: 'too_large' },
    { path: '/slow', reason: 'timeout' },
    { path: '/stall-chunked', reason: 'timeout' },
    { path: '/stall-sized', reason: 'timeout' },
    { path: '/drip', reason: 'timeout' },
    { path: '/cut-chunked', reason: 'incomplete' },
    { path: '/cut-sized', reason: 'incomplete' },
    { path: '/missing', reason: 'http_status' },
    { path: '/redirect/3', reason: 'too_many_redirects' },
  ])('fails $path with $reason', async ({ path, reason }) => {
    expect(await failure(fetchLocal(`${base}${path}`))).toBe(reason);
  });

  it('connects to the address it resolved and checked, keeping the host name', async () => {
    const pinned = createImageFetcher({ allowPrivateNetworks: true, resolveHost: async () => ['127.0.0.1'] });
    const port = new URL(base).port;
    expect((await pinned(`http://images.test:${port}/png`)).format).toBe('png');
  });

  it('works through an injected fetch too', async () => {
    const viaFetch = createImageFetcher({ allowPrivateNetworks: true, fetchImpl: fetch });
    expect((await viaFetch(`${base}/redirect/1`)).format).toBe('png');
  });

  it.each([
    { path: '/stall-chunked', reason: 'timeout' },
    { path: '/drip', reason: 'timeout' },
    { path: '/cut-chunked', reason: 'incomplete' },
    { path: '/cut-sized', reason: 'incomplete' },
  ])('fails $path with $reason through an injected fetch', async ({ path, reason }) => {
    const viaFetch = createImageFetcher({ allowPrivateNetworks: true, fetchImpl: fetch, timeoutMs: 200 });
    expect(await failure(viaFetch(`${base}${path}`))).toBe(reason);
  });
});

describe('createImageFetcher with a body that ends quietly before the whole image', () => {
  const head = Buffer.from(PNG_BYTES).subarray(0, 16);

  /** A fetch whose body is a PNG's first bytes, then ends: at once, or (as some runtimes do) when the request aborts. */
  function truncatingFetch(ending: 'at-once' | 'on-abort', headers: Record<string, string> = {}): typeof fetch {
    return async (_input, init) =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new Uint8Array(head));
            if (ending === 'at-once') controller.close();
            else init?.signal?.addEventListener('abort', () => controller.close(), { once: true });
          },
        }),
        { status: 200, headers },
      );
  }

  it.each([
    { title: 'ended by the time budget', fetchImpl: truncatingFetch('on-abort'), reason: 'timeout', message: 'the image was not fetched within 100 ms' },
    {
      title: 'shorter than its Content-Length',
      fetchImpl: truncatingFetch('at-once', { 'content-length': String(PNG_BYTES.length) }),
      reason: 'incomplete',
      message: 'the image URL closed the connection before sending the whole image',
    },
  ])('never passes a truncated image as whole: a body $title fails with $reason', async ({ fetchImpl, reason, message }) => {
    const fetchImage = createImageFetcher({ allowPrivateNetworks: true, fetchImpl, timeoutMs: 100, resolveHost: async () => ['127.0.0.1'] });

    const error = await fetchImage('http://images.test/cat.png').catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ImageFetchError);
    expect(error).toMatchObject({ reason, message });
  });
});

describe('createImageFetcher refusing private networks by default', () => {
  const fetchImage = createImageFetcher({ timeoutMs: 1000 });

  it.each([
    { url: 'http://127.0.0.1/x.png' },
    { url: 'http://10.1.2.3/x.png' },
    { url: 'http://169.254.169.254/latest/meta-data/' },
    { url: 'http://[::1]/x.png' },
    { url: 'http://[::ffff:127.0.0.1]/x.png' },
    { url: 'http://[fd00:ec2::254]/x.png' },
    { url: 'http://2130706433/x.png' },
    { url: 'http://localhost/x.png' },
  ])('refuses $url', async ({ url }) => {
    expect(await failure(fetchImage(url))).toBe('blocked_address');
  });

  it('refuses the local server itself', async () => {
    expect(await failure(fetchImage(`${base}/png`))).toBe('blocked_address');
  });

  it('refuses a redirect to the metadata address even when the first hop is public', async () => {
    const hops: string[] = [];
    const redirectingFetch: typeof fetch = async (input) => {
      hops.push(String(input));
      return new Response(null, { status: 302, headers: { location: 'http://169.254.169.254/latest/meta-data/' } });
    };
    const guarded = createImageFetcher({ fetchImpl: redirectingFetch, resolveHost: async () => ['93.184.216.34'] });
    expect(await failure(guarded('http://images.example/a.png'))).toBe('blocked_address');
    expect(hops).toEqual(['http://images.example/a.png']);
  });

  it('times out a DNS lookup that never answers within the same time budget', async () => {
    const hanging = createImageFetcher({ timeoutMs: 50, resolveHost: () => new Promise<string[]>(() => undefined) });
    const guard = new Promise<string>((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000).unref());
    expect(await Promise.race([failure(hanging('http://slow-dns.example/a.png')), guard])).toBe('timeout');
  });

  it('stops a DNS lookup when the caller aborts', async () => {
    const controller = new AbortController();
    const hanging = createImageFetcher({ timeoutMs: 10_000, resolveHost: () => new Promise<string[]>(() => undefined) });
    const pending = hanging('http://slow-dns.example/a.png', controller.signal);
    controller.abort(new Error('client went away'));
    await expect(pending).rejects.toThrow('client went away');
  });

  it('refuses a host that resolves to any private address', async () => {
    const mixed = createImageFetcher({ resolveHost: async () => ['93.184.216.34', '10.0.0.1'] });
    expect(await failure(mixed('http://mixed.example/a.png'))).toBe('blocked_address');
  });

  it.each([{ url: 'file:///etc/passwd' }, { url: 'ftp://example.com/a.png' }, { url: 'http://user:pw@example.com/a.png' }])('rejects $url as an invalid URL', async ({ url }) => {
    expect(await failure(fetchImage(url))).toBe('invalid_url');
  });
});

describe('isPublicAddress', () => {
  it.each([
    { address: '8.8.8.8', expected: true },
    { address: '2606:4700:4700::1111', expected: true },
    { address: '100.64.0.1', expected: false },
    { address: '172.16.5.4', expected: false },
    { address: '192.168.1.1', expected: false },
    { address: '224.0.0.1', expected: false },
    { address: 'fe80::1', expected: false },
    { address: 'ff02::1', expected: false },
    { address: '::ffff:10.0.0.1', expected: false },
    { address: '::ffff:a00:1', expected: false },
    { address: '64:ff9b::7f00:1', expected: false },
    { address: '::ffff:8.8.8.8', expected: true },
    { address: 'not-an-ip', expected: false },
    // 6to4 (2002::/16) embeds an IPv4 address in bits 16-47: blocked whole, public or not.
    { address: '2002:a9fe:a9fe::1', expected: false },
    { address: '2002:7f00:1::', expected: false },
    { address: '2002:808:808::1', expected: false },
    // Teredo (2001::/32): server and obfuscated client IPv4 inside.
    { address: '2001:0:4136:e378:8000:63bf:3fff:fdd2', expected: false },
    { address: '2001::a9fe:a9fe', expected: false },
    // Local-use NAT64 (64:ff9b:1::/48).
    { address: '64:ff9b:1::a9fe:a9fe', expected: false },
    { address: '64:ff9b:1:ffff::808:808', expected: false },
    // IPv4-translated (::ffff:0:a.b.c.d) reaches the embedded host.
    { address: '::ffff:0:169.254.169.254', expected: false },
    { address: '::ffff:0:a9fe:a9fe', expected: false },
    { address: '::ffff:0:10.0.0.1', expected: false },
    { address: '::ffff:0:8.8.8.8', expected: true },
    // Neighbours of the blocked ranges stay public.
    { address: '2001:4860:4860::8888', expected: true },
    { address: '2003::1', expected: true },
    { address: '64:ff9b::808:808', expected: true },
  ])('$address -> $expected', ({ address, expected }) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});
