/** @module Identity's public surface: authenticators, credentials and principal mapping. */
export { createAdminAuthorizer } from './admin-authorizer';
export { createAuthenticator, principalFromIam, principalFromKey } from './authenticator';
export { AUTHORIZER_CONTEXT_KEYS, fromAuthorizerContext, toAuthorizerContext } from './authorizer-context';
export { STS_TOKEN_PREFIX, classifyCredential, readBearerToken } from './bearer-token';
export { normalizeIamArn, normalizePrincipalId } from './iam-arn';
export { JWT_ALGORITHMS, parseJwtIssuers } from './jwt-issuers';
export { createJwtAuthenticator, principalFromClaims } from './jwt-authenticator';
export { DEFAULT_STS_AUDIENCE, STS_AUDIENCE_HEADER, createStsTokenVerifier, inspectStsToken } from './sts-identity-token';
export { KEY_SECRET_PREFIX, constantTimeEqual, generateKeyId, generateKeySecret, hashKeySecret, isKeySecret, keyDisplayPrefix } from './virtual-key';
export type { AdminAuthorizerOptions } from './admin-authorizer';
export type { AuthenticatorOptions, GatewayAuthenticator, VerifiedCredential } from './authenticator';
export type { AuthorizerPrincipal } from './authorizer-context';
export type { CredentialKind } from './bearer-token';
export type { IamIdentity } from './iam-arn';
export type { JwtAlgorithm, JwtClaimMapping, JwtIssuerConfig, JwtIssuerInput } from './jwt-issuers';
export type { JwtAuthenticator, JwtAuthenticatorOptions, JwtVerified } from './jwt-authenticator';
export type { AdminAuthorizer, ApiSurface, Authenticator, Principal, PrincipalKind } from './principal';
export type { StsCaller, StsTokenVerifier, StsTokenVerifierOptions } from './sts-identity-token';
