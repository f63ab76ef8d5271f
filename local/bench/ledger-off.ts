/**
 * @module The "ledger off" benchmark variant: in-memory stand-ins for the meter and the key lookup.
 *
 * Not a gateway feature (there is no flag for it): the benchmark swaps these in to show what the
 * gateway itself adds with no DynamoDB call at all. The authenticator still reads the bearer token
 * and compares it in constant time, so the request path keeps its shape.
 */
import { timingSafeEqual } from 'node:crypto';
import type { GatewayServices } from '../../lambda/gateway/services';
import { readBearerToken } from '../../lambda/identity/bearer-token';
import type { Authenticator, Principal } from '../../lambda/identity/principal';
import type { Admission, RequestMeter } from '../../lambda/ledger/meter-types';
import { AuthenticationError } from '../../lambda/platform/errors';

const SETTLED: Admission = { settle: () => Promise.resolve() };

/** Admits every request and records nothing. */
const noOpMeter: RequestMeter = { admit: () => Promise.resolve(SETTLED) };

/** Accepts exactly one secret, as the principal `key_bench`. */
function staticKeyAuthenticator(secret: string): Authenticator {
  const expected = Buffer.from(secret);
  const principal: Principal = { id: 'key_bench', kind: 'key', displayName: 'bench' };
  return {
    authenticate(request) {
      const presented = Buffer.from(readBearerToken(request.headers.authorization) ?? '');
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
        return Promise.reject(new AuthenticationError('Incorrect API key provided.'));
      }
      return Promise.resolve(principal);
    },
  };
}

/** The services with DynamoDB taken out of the request path. */
function withoutLedger(services: GatewayServices, secret: string): GatewayServices {
  return { ...services, meter: noOpMeter, authenticator: staticKeyAuthenticator(secret) };
}

export { noOpMeter, staticKeyAuthenticator, withoutLedger };
