export { createTransport } from './transport.ts';
export type { ResponseValidator, Transport, TransportOptions } from './transport.ts';
export type { AuthHook } from './attempt.ts';
export {
  AbortError,
  CircuitOpenError,
  NetworkError,
  ResponseParseError,
  ResponseValidationError,
  TimeoutError,
  TransportError,
} from './errors.ts';
export type { BodyValue, Clock, DeprecationInfo, FetchLike, QueryValue, RawResponse, ResponseUnion, TransportRequest } from './types.ts';
export { isIdempotentMethod, parseRetryAfter, RETRYABLE_STATUSES } from './retry.ts';
export type { RetryOptions } from './retry.ts';
export { createRetryBudget, RETRY_BUDGET_DEFAULTS } from './retry-budget.ts';
export type { RetryBudget, RetryBudgetOptions } from './retry-budget.ts';
export { BREAKER_DEFAULTS, createBreaker, createBreakerRegistry } from './breaker.ts';
export type { BreakerOptions, BreakerPermit, BreakerRegistry, BreakerState, CircuitBreaker } from './breaker.ts';
export type { Sleep, TimeoutOptions } from './timeout.ts';
export { readDeprecation } from './deprecation.ts';
export { buildUrl, serializeQuery } from './url.ts';
export { callOperation, createOperationClient, declaredKey, UnexpectedStatusError } from './operation-client.ts';
export type {
  CallInit,
  ClientOptions,
  ContractViolation,
  HeaderKind,
  OperationInput,
  OperationResult,
  OperationSpec,
  ResultOf,
} from './operation-client.ts';
export { expandPath, headerValues, queryValues } from './parameters.ts';
export type { ParameterSpec } from './parameters.ts';
export { jwtBearer, signJwt } from './jwt-bearer.ts';
export type { JwtBearerOptions, JwtSigningKey } from './jwt-bearer.ts';
export { createNodeFetch } from './node-fetch.ts';
export type { NodeFetchOptions } from './node-fetch.ts';
