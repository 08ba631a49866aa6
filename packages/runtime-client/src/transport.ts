import { runAttempt } from './attempt.ts';
import type { AttemptOutcome, AuthHook } from './attempt.ts';
import { encodeBody } from './body.ts';
import { createBreakerRegistry } from './breaker.ts';
import type { BreakerOptions, BreakerPermit, BreakerRegistry } from './breaker.ts';
import { createDeprecationNotifier, readDeprecation } from './deprecation.ts';
import type { DeprecationNotifierOptions } from './deprecation.ts';
import { AbortError, CircuitOpenError, NetworkError, ResponseParseError, ResponseValidationError, TimeoutError } from './errors.ts';
import { resolveRetryPolicy, retryDelay } from './retry.ts';
import type { RetryOptions } from './retry.ts';
import { createRetryBudget } from './retry-budget.ts';
import type { RetryBudget, RetryBudgetOptions } from './retry-budget.ts';
import { createCallScope, sleep as defaultSleep } from './timeout.ts';
import type { Sleep, StopReason, TimeoutOptions } from './timeout.ts';
import type { Clock, FetchLike, RawResponse, TransportRequest } from './types.ts';
import { buildUrl, upstreamOf } from './url.ts';

/** Checks a response body against the contract; off unless given. */
export type ResponseValidator = (operationId: string, status: number, body: unknown) => { ok: true } | { ok: false; errors: string[] };

/** Settings of a transport. Only `baseUrl` is required. */
export interface TransportOptions extends DeprecationNotifierOptions {
  baseUrl: string;
  /** Global `fetch` by default. */
  fetch?: FetchLike;
  /** Sent with every request; request headers win over them. */
  headers?: Record<string, string>;
  auth?: AuthHook;
  timeout?: TimeoutOptions;
  /** `false` turns retries off. */
  retry?: RetryOptions | false;
  /** A budget to share between transports, or settings for one of this transport's own. */
  retryBudget?: RetryBudget | RetryBudgetOptions;
  /** A registry to share between transports, settings for one of its own, or `false` for none. */
  breaker?: BreakerRegistry | BreakerOptions | false;
  validateResponse?: ResponseValidator;
  clock?: Clock;
  sleep?: Sleep;
}

/** Sends requests built by generated clients. */
export interface Transport {
  send(request: TransportRequest): Promise<RawResponse>;
}

const isBudget = (value: unknown): value is RetryBudget => typeof (value as RetryBudget | undefined)?.tryWithdraw === 'function';
const isRegistry = (value: unknown): value is BreakerRegistry => typeof (value as BreakerRegistry | undefined)?.get === 'function';

/**
 * Creates a transport: timeouts, retries with jittered backoff inside a shared budget, a circuit
 * breaker per upstream, deprecation notices. It never throws for an HTTP status.
 *
 * @example
 * const transport = createTransport({ baseUrl: 'https://api.test/v1', timeout: { attemptMs: 2_000, totalMs: 10_000 } });
 * const res = await transport.send({ method: 'GET', path: '/orders/42', operationId: 'getOrder', idempotent: true });
 * if (res.status === 200) res.body;
 */
export function createTransport(options: TransportOptions): Transport {
  const clock = options.clock ?? Date.now;
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const policy = resolveRetryPolicy(options.retry);
  const budget = isBudget(options.retryBudget) ? options.retryBudget : createRetryBudget({ clock, ...options.retryBudget });
  const breakers =
    options.breaker === false
      ? undefined
      : isRegistry(options.breaker)
        ? options.breaker
        : createBreakerRegistry({ clock, ...options.breaker });
  const breaker = breakers?.get(upstreamOf(options.baseUrl));
  const notify = createDeprecationNotifier(options);

  const failure = (stop: StopReason | undefined, cause: unknown, operationId: string, attempts: number): Error => {
    if (stop?.kind === 'caller') return new AbortError(operationId, attempts, stop.reason);
    if (stop) return new TimeoutError(operationId, attempts, stop.kind, stop.ms);
    return new NetworkError(operationId, attempts, cause);
  };

  const finish = (outcome: AttemptOutcome, operationId: string, attempts: number): RawResponse => {
    if (outcome.kind === 'failure') throw failure(outcome.stop, outcome.cause, operationId, attempts);
    if (outcome.parseError !== undefined) throw new ResponseParseError(operationId, attempts, outcome.status, outcome.parseError);
    const result: RawResponse = { status: outcome.status, headers: outcome.headers, body: outcome.body, attempts };
    const deprecation = readDeprecation(outcome.headers, outcome.url);
    if (deprecation) {
      result.deprecation = deprecation;
      notify(operationId, deprecation);
    }
    const verdict = options.validateResponse?.(operationId, outcome.status, outcome.body);
    if (verdict && !verdict.ok) throw new ResponseValidationError(operationId, attempts, outcome.status, verdict.errors);
    return result;
  };

  const settle = (permit: BreakerPermit | undefined, outcome: AttemptOutcome): void => {
    if (!permit) return;
    if (outcome.kind === 'response') return outcome.status >= 500 ? permit.failure() : permit.success();
    return outcome.stop?.kind === 'caller' ? permit.release() : permit.failure();
  };

  return {
    async send(request) {
      const { operationId, method } = request;
      const headers = new Headers(options.headers);
      for (const [name, value] of Object.entries(request.headers ?? {})) if (value !== undefined) headers.set(name, value);
      if (request.idempotencyKey !== undefined) headers.set('idempotency-key', request.idempotencyKey);
      const { body, replayable } = encodeBody(request.body, headers);
      const retryable = replayable && (request.idempotent || headers.has('idempotency-key'));
      const input = {
        fetch: fetchFn,
        url: buildUrl(options.baseUrl, request.path, request.query),
        method,
        operationId,
        headers,
        body,
        auth: options.auth,
      };
      const call = createCallScope(request.signal, options.timeout, clock);
      budget.deposit();
      let attempts = 0;
      try {
        for (;;) {
          const stopped = call.stopReason();
          if (stopped) throw failure(stopped, undefined, operationId, attempts);
          const gate = breaker?.acquire();
          if (gate && !gate.ok) throw new CircuitOpenError(operationId, attempts, breaker?.upstream ?? '', gate.retryAfterMs);
          attempts++;
          const outcome = await runAttempt(input, call, options.timeout?.attemptMs);
          settle(gate?.permit, outcome);
          if (outcome.kind === 'failure' && outcome.stop?.kind === 'caller') throw failure(outcome.stop, undefined, operationId, attempts);
          const worthRetrying =
            outcome.kind === 'failure'
              ? outcome.stop?.kind !== 'deadline'
              : policy.statuses.has(outcome.status) || ownAttemptInFlight(outcome, attempts, headers);
          if (!worthRetrying || !retryable || attempts >= policy.maxAttempts) return finish(outcome, operationId, attempts);
          const retryAfter = outcome.kind === 'response' ? outcome.headers.get('retry-after') : undefined;
          const delay = retryDelay(attempts, retryAfter, policy, clock);
          if (delay > call.remainingMs() || !budget.tryWithdraw()) return finish(outcome, operationId, attempts);
          try {
            await sleep(delay, call.signal);
          } catch {
            // Aborted mid-backoff: the loop head turns the reason into AbortError or TimeoutError.
          }
          if (call.stopReason()?.kind === 'deadline') return finish(outcome, operationId, attempts);
        }
      } finally {
        call.dispose();
      }
    },
  };
}

/**
 * A 409 with `Retry-After` to a retry of a keyed request: the server is still working on an earlier
 * attempt of this very call (one the attempt timeout gave up on), so the caller did nothing wrong
 * and the answer is worth waiting for. A 409 to the first attempt is someone else's request.
 */
function ownAttemptInFlight(outcome: { status: number; headers: Headers }, attempts: number, headers: Headers): boolean {
  return outcome.status === 409 && attempts > 1 && headers.has('idempotency-key') && outcome.headers.has('retry-after');
}
