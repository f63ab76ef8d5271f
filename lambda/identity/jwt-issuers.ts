/**
 * @module Accepted JWT issuers (`GATEWAY_JWT_ISSUERS`): validation and claim-to-principal mapping.
 */
// A namespace import lets esbuild drop zod's unused locales (~260 KB); `import { z }` keeps them all.
import * as z from 'zod';

/** Signature algorithms aws-jwt-verify supports; `none` and HMAC are never accepted. */
const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const stringOrList = z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]);

const claimMappingSchema = z.strictObject({
  /** Claim holding the stable subject. */
  subject: z.string().min(1).default('sub'),
  /** Claim holding the team or tenant (string, or the first entry of an array). */
  team: z.string().min(1).optional(),
  /** Claim holding the groups (array, or a space- or comma-separated string). */
  groups: z.string().min(1).optional(),
  /** Claim holding a display name. */
  name: z.string().min(1).optional(),
  /** Claim holding the allowed model ids (array or space-separated string). */
  models: z.string().min(1).optional(),
});

const jwtIssuerSchema = z
  .strictObject({
    /** Exact `iss` value, e.g. `https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC` or an OIDC issuer URL. */
    issuer: z.url({ protocol: /^https?$/ }),
    /** Accepted `aud` values. */
    audience: stringOrList.optional(),
    /** Cognito: accepted app client ids, matched against `aud` (id tokens) or `client_id` (access tokens). */
    clientId: stringOrList.optional(),
    /** Cognito: require this `token_use`. */
    tokenUse: z.enum(['id', 'access']).optional(),
    /** @default `${issuer}/.well-known/jwks.json` */
    jwksUri: z.url({ protocol: /^https$/ }).optional(),
    /** @default ['RS256'] */
    algorithms: z.array(z.enum(JWT_ALGORITHMS)).min(1).default(['RS256']),
    claims: claimMappingSchema.default({ subject: 'sub' }),
  })
  .refine((value) => value.audience !== undefined || value.clientId !== undefined, {
    message: 'each issuer needs "audience" or "clientId", so tokens minted for other applications are refused',
    path: ['audience'],
  });

/** One accepted issuer, with defaults applied. */
type JwtIssuerConfig = z.infer<typeof jwtIssuerSchema>;
/** An issuer as written in configuration (defaults optional). */
type JwtIssuerInput = z.input<typeof jwtIssuerSchema>;
/** How claims map onto a principal. */
type JwtClaimMapping = z.infer<typeof claimMappingSchema>;

const jwtIssuersSchema = z.array(jwtIssuerSchema).refine(
  (issuers) => new Set(issuers.map((issuer) => issuer.issuer)).size === issuers.length,
  { message: 'issuers must be unique' },
);

/**
 * Parses and validates issuer configuration (a JSON string or already-parsed value).
 *
 * @throws Error naming the environment variable and the offending field.
 * @example parseJwtIssuers('[{"issuer":"https://login.example.com","audience":"gateway","claims":{"team":"tenant"}}]')
 */
function parseJwtIssuers(input: string | readonly JwtIssuerInput[] | undefined): JwtIssuerConfig[] {
  if (input === undefined) return [];
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (error) {
      throw new Error(`GATEWAY_JWT_ISSUERS is not valid JSON: ${(error as Error).message}`);
    }
  }
  const parsed = jwtIssuersSchema.safeParse(Array.isArray(raw) ? raw : [raw]);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.join('.')}`;
    throw new Error(`GATEWAY_JWT_ISSUERS is invalid${where}: ${issue?.message ?? 'unknown error'}`);
  }
  return parsed.data;
}

export { JWT_ALGORITHMS, parseJwtIssuers };
export type { JwtAlgorithm, JwtClaimMapping, JwtIssuerConfig, JwtIssuerInput };
