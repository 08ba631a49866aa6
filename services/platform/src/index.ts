/** What the drone delivery services share. Not part of apilife: the reference system's own glue. */
export { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID, rateLimitOf, SERVICES, systemConfig } from './config.ts';
export type { ServiceName, SystemConfig } from './config.ts';
export { accountOf, apiKeySecurity, onBehalfOf, serviceAuth, serviceSecurity, SERVICE_ISSUER, userJwtSecurity } from './auth.ts';
export { createBus } from './bus.ts';
export { listen } from './http.ts';
export type { Listening } from './http.ts';
export type { Service, ServiceDeps, ServiceFactory } from './service.ts';
export { assertCurrent, forbidden, invalidRequest, invalidTransition, notFound, PROBLEM_BASE, validationFailed } from './problems.ts';
export type { FieldError } from './problems.ts';
