/**
 * `@apilife/runtime-server`: what generated Hono servers import. Problem details (RFC 9457),
 * safe JSON bodies, request limits, content negotiation, deprecation headers, security schemes,
 * rate limits, ETag preconditions and idempotency keys. See README.md for the module map.
 */
export { problem, problemResponse, HttpProblem, httpProblem, PROBLEM_CONTENT_TYPE } from './problem.ts';
export type { Problem, ProblemInit, ProblemFieldError, HeadersLike } from './problem.ts';
export { statusTitle } from './status-titles.ts';
export { problemOnError, createProblemOnError, problemNotFound } from './problem-handlers.ts';
export type { ProblemOnErrorOptions } from './problem-handlers.ts';
export { problemClientError } from './client-error.ts';
export { readJsonBody, readBodyText, JSON_MEDIA_TYPES } from './body.ts';
export type { ReadJsonBodyOptions, BodySource } from './body.ts';
export { parseJsonSafely } from './json-safe.ts';
export { requestLimits, checkRequestLimits, resolveRequestLimits } from './limits.ts';
export type { RequestLimitsOptions } from './limits.ts';
export { deprecationHeaders, goneProblem, deprecated } from './deprecation.ts';
export type { DeprecationMeta } from './deprecation.ts';
export { negotiate, methodNotAllowed, notAcceptable, unsupportedMediaType, unsupportedMediaTypeError } from './negotiation.ts';
export { isJsonMediaType } from './media-type.ts';
export { securityMiddleware, constantTimeEqual, apiKeyVerifier } from './security.ts';
export type {
  Principal,
  SecurityRequirement,
  SchemeConfig,
  ApiKeyScheme,
  BearerJwtScheme,
  BearerTokenScheme,
  BasicAuthScheme,
  CustomScheme,
  SecurityOptions,
  SecurityVariables,
  SecurityEnv,
  AuthFailure,
} from './security.ts';
export { createJwtVerifier, tokenScopes, JWT_ALGORITHMS } from './jwt.ts';
export { JwtConfigError } from './errors.ts';
export { createAuthFailureLimit } from './auth-failure-limit.ts';
export type { AuthFailureLimit, AuthFailureLimitOptions } from './auth-failure-limit.ts';
export type { JwtVerifyOptions, JwtClaims, JwtFailure, JwtResult, JwtVerifier, JsonWebKey } from './jwt.ts';
export { rateLimit, createRateLimiter, MemoryRateLimitStore } from './rate-limit.ts';
export type {
  RateLimitOptions,
  RateLimitStore,
  RateLimitHit,
  MemoryRateLimitStoreOptions,
  RateLimitDecision,
  RateLimiter,
} from './rate-limit.ts';
export { strongEtag, weakEtag, canonicalJson, parseEntityTag, parseEtagList, etagsMatch, checkPreconditions } from './etag.ts';
export type { EntityTag, CheckPreconditionsOptions } from './etag.ts';
export { idempotency, IDEMPOTENT_REPLAYED_HEADER } from './idempotency.ts';
export { createIdempotencyGuard, isValidIdempotencyKey } from './idempotency-guard.ts';
export type { IdempotencyGuard, IdempotencyGuardOptions, IdempotencyAttempt, IdempotentRequest } from './idempotency-guard.ts';
export type { IdempotencyOptions } from './idempotency.ts';
export { createMemoryIdempotencyStore } from './idempotency-store.ts';
export type { IdempotencyStore, IdempotencyBegin, StoredResponse, MemoryIdempotencyStoreOptions } from './idempotency-store.ts';
export { assertIfMatch, ifNoneMatchHits } from './if-match.ts';
export { requestHeader } from './node-incoming.ts';
export { createApiServer, defaultRateLimitKey } from './api-server.ts';
export type { HandlersOf } from './api-server.ts';
export type {
  ApiTable,
  OperationSpec,
  ResponseSpec,
  LifecycleSpec,
  SecuritySchemeSpec,
  StatusKey,
  OperationValidator,
  ValidatorViolation,
  RawParameters,
  ValidatedParameters,
  ParameterIn,
} from './api-table.ts';
export type {
  ServerRuntimeOptions,
  ApiServerOptions,
  ServerLimits,
  ServerRateLimitOptions,
  ServerIdempotencyOptions,
  ResponseViolationEvent,
  ApiKeySecurity,
  BearerSecurity,
  BasicSecurity,
  CustomSecurity,
  SchemeSecurity,
} from './api-options.ts';
export type { HandlerResult, HandlerHeaders, StatusIn, StatusRangeKey } from './handler-types.ts';
export { validationProblem, validationStatus } from './validation-problem.ts';
export { toRoutePath, compareRoutes } from './route-paths.ts';
export type { RoutePath } from './route-paths.ts';
export { serveContract } from './contract-route.ts';
export { methodNotAllowedFallback } from './method-fallback.ts';
