/**
 * @module The emulator's optional TLS listener: Bedrock's own transport (HTTPS, `h2` or `http/1.1`
 * by ALPN) on a certificate made at start, counting TLS handshakes so tests and the benchmark can
 * tell whether a client reuses its connections.
 *
 * The certificate is self-signed for 127.0.0.1 and localhost, valid for a day and kept in memory
 * only; callers trust it by its PEM (`ca` of a TLS connect, or `NODE_EXTRA_CA_CERTS` in a child).
 */

import { createSecureServer, type Http2SecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { trackConnections } from './connection-tracker';
import type { RequestSource, ResponseSink } from './http-io';

/** Handshake counts of a TLS listener. */
interface TlsHandshakeCounts {
  /** Completed TLS handshakes (new or resumed sessions), each one a new connection. */
  readonly total: number;
  /** The same, by the protocol served (`h2`, `http/1.1`; no ALPN offered counts as `http/1.1`). */
  readonly byProtocol: Readonly<Record<string, number>>;
}

/** A running TLS listener. */
interface TlsListener {
  /** `https://127.0.0.1:PORT`. */
  readonly url: string;
  /** The certificate (PEM) clients must trust. */
  readonly certificatePem: string;
  /** Handshakes since start. */
  handshakes(): TlsHandshakeCounts;
  close(): Promise<void>;
}

const CERTIFICATE_LIFETIME_MS = 24 * 60 * 60 * 1000;

async function selfSignedCertificate(): Promise<{ key: string; cert: string }> {
  // Loaded on first use: the library takes about 0.3 s to import, which emulators without TLS skip.
  const { generate } = require('selfsigned') as typeof import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: 'bedrock-emulator.localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 60_000),
    notAfterDate: new Date(Date.now() + CERTIFICATE_LIFETIME_MS),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/** Starts an HTTPS listener (HTTP/2 and HTTP/1.1) that hands every request to `handle`. */
async function startTlsListener(
  handle: (request: RequestSource, response: ResponseSink) => void,
  options: { readonly host: string; readonly port: number },
): Promise<TlsListener> {
  const { key, cert } = await selfSignedCertificate();
  const server: Http2SecureServer = createSecureServer({ key, cert, allowHTTP1: true }, handle);
  let total = 0;
  const byProtocol: Record<string, number> = {};
  server.on('secureConnection', (socket: TLSSocket) => {
    total += 1;
    // A client that offers no ALPN (Node's https module) is served HTTP/1.1.
    const protocol = typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : 'http/1.1';
    byProtocol[protocol] = (byProtocol[protocol] ?? 0) + 1;
  });
  const cutConnections = trackConnections(server);
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  return {
    url: `https://${options.host}:${port}`,
    certificatePem: cert,
    handshakes: () => ({ total, byProtocol: { ...byProtocol } }),
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutConnections();
      return closed;
    },
  };
}

export { startTlsListener };
export type { TlsHandshakeCounts, TlsListener };
