/** @module gateway.adminPrincipals: GATEWAY_ADMIN_PRINCIPALS on the admin function only, and only when configured. */
import { ENV } from '../../lambda/platform/env-names';
import { synthGateway, variablesOf } from './support';

/** Description prefixes of the four functions. */
const ADMIN = 'Admin API';
const OTHERS = ['OpenAI-compatible Bedrock gateway', 'REQUEST authorizer', 'Ledger maintenance'];

describe('gateway.adminPrincipals', () => {
  it('leaves GATEWAY_ADMIN_PRINCIPALS unset everywhere by default', () => {
    const { template } = synthGateway({}, 'AdminPrincipalsDefault');
    for (const prefix of [ADMIN, ...OTHERS]) expect(variablesOf(template, prefix)).not.toHaveProperty(ENV.adminPrincipals);
  });

  it('passes the patterns to the admin function only, comma-separated', () => {
    const { template } = synthGateway(
      { adminPrincipals: ['arn:aws:iam::123456789012:role/GatewayAdmin', 'arn:aws:iam::*:role/ops-*'] },
      'AdminPrincipalsConfigured',
    );

    expect(variablesOf(template, ADMIN)[ENV.adminPrincipals]).toBe('arn:aws:iam::123456789012:role/GatewayAdmin,arn:aws:iam::*:role/ops-*');
    for (const prefix of OTHERS) expect(variablesOf(template, prefix)).not.toHaveProperty(ENV.adminPrincipals);
  });
});
