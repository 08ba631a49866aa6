/** What the drone delivery services share. Not part of apilife: the reference system's own glue. */
export { listenHost, rateLimitOf, resolveUrls, serviceUrls, systemConfig } from './config.ts';
export type { SystemConfig } from './config.ts';
export { ACTS_FOR_SHIPPERS, CALLERS, PUBLIC_SERVICE, SERVICES, SIGNERS } from './services.ts';
export type { ServiceName } from './services.ts';
export { DEV_ACCOUNT_ID, DEV_API_KEY, OTHER_ACCOUNT_ID, readMode, SOURCE_SECRETS } from './secrets.ts';
export type { Mode, Secrets, ServiceIdentity, ShipperTokens } from './secrets.ts';
export { SHIPPER_TOKEN_DEFAULTS } from './secrets-env.ts';
export { deriveDevKey, generateServiceKey, publicJwk, type KeyedJwk } from './service-keys.ts';
export {
  accountOf,
  apiKeySecurity,
  internalRateLimit,
  onBehalfOf,
  refuseShipperKeys,
  serviceAuth,
  serviceSecurity,
  serviceToken,
  SERVICE_TOKEN_TYPE,
  userJwtSecurity,
} from './auth.ts';
export { shipperToken } from './shipper-token.ts';
export { assertRunnable } from './readiness.ts';
export { ConfigError } from './errors.ts';
export { failpoint, readFailpoints } from './failpoints.ts';
export { createBus } from './bus.ts';
export { listen, LISTEN_TIMEOUTS } from './http.ts';
export { versionedLink } from './links.ts';
export type { Listening, ListenTimeouts } from './http.ts';
export type { Service, ServiceDeps, ServiceFactory } from './service.ts';
export { assertCurrent, forbidden, invalidRequest, invalidTransition, notFound, PROBLEM_BASE, validationFailed } from './problems.ts';
export type { FieldError } from './problems.ts';
