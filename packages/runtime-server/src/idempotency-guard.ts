import { createHash } from 'node:crypto';
import { canonicalJson } from './etag.ts';
import { createMemoryIdempotencyStore, type IdempotencyStore, type StoredResponse } from './idempotency-store.ts';
import { problem, problemResponse } from './problem.ts';

/**
 * The `Idempotency-Key` protocol without the HTTP plumbing: begin with a key and a request
 * fingerprint, then either answer at once (replay, 409, 422) or run the handler and finish.
 * The `idempotency` middleware and generated servers both use it.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-idempotency-key-header/
 */

/** Options of `createIdempotencyGuard`. */
export type IdempotencyGuardOptions = {
  /** Where keys and responses live (default: a fresh `createMemoryIdempotencyStore()`). */
  store?: IdempotencyStore;
  /** How long a completed response is replayed, and how long an in-flight key stays reserved, in ms. */
  ttlMs: number;
  /** Name of the header in problem details (default `Idempotency-Key`). */
  header?: string;
};

/** The request facts a key is scoped by and fingerprinted from. */
export type IdempotentRequest = {
  /** The client's key, already checked (see `isValidIdempotencyKey`). */
  key: string;
  /** Who asks: keys of different principals never collide. */
  principal?: string | undefined;
  method: string;
  /** Path without the query. */
  path: string;
  /** `?…` or `''`. */
  search: string;
  /** The raw body (text is hashed as UTF-8). */
  body: Uint8Array | string;
  /**
   * The body parsed as JSON, when it is: then the fingerprint is its canonical form (keys sorted),
   * so a client that serialises the same request with its keys in another order is not refused.
   */
  json?: unknown;
};

/** What `begin` decided: answer now, or run the handler and call `finish` (or `release` on a throw). */
export type IdempotencyAttempt =
  | { respond: Response }
  | { respond?: undefined; finish: (response: StoredResponse) => Promise<void>; release: () => Promise<void> };

/**
 * Begins one attempt; see `createIdempotencyGuard`. `onStoreError` hears about a store that fails
 * in `finish` or `release` (the handler's response is still sent).
 */
export type IdempotencyGuard = (request: IdempotentRequest, onStoreError?: (error: unknown) => void) => Promise<IdempotencyAttempt>;

/** Header marking a replayed response. */
export const IDEMPOTENT_REPLAYED_HEADER = 'Idempotent-Replayed';

/** Statuses that say "try again", so they are not stored: a retry must run the handler. */
const TRANSIENT = new Set([408, 425, 429]);

/**
 * Creates the guard. The key is scoped by principal, method and path; the fingerprint is a
 * SHA-256 of method, path with query, and body. `begin` answers:
 * - a stored response for the same key and fingerprint, replayed with `Idempotent-Replayed: true`;
 * - 422 problem for the same key with another fingerprint; 409 with `Retry-After: 1` while in flight;
 * - otherwise `{ finish, release }`: `finish` stores the response (or releases the key for
 *   5xx, 408, 425 and 429, so a retry runs again), `release` forgets the key after a thrown error.
 * @example
 * const guard = createIdempotencyGuard({ ttlMs: 86_400_000 });
 * const attempt = await guard({ key, method: 'POST', path: '/orders', search: '', body: text });
 * if (attempt.respond) return attempt.respond;
 */
export function createIdempotencyGuard(options: IdempotencyGuardOptions): IdempotencyGuard {
  const { ttlMs, header = 'Idempotency-Key' } = options;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new RangeError(`ttlMs must be a positive number, got ${ttlMs}`);
  const store = options.store ?? createMemoryIdempotencyStore();

  return async (request, onStoreError) => {
    const report = (error: unknown): void => {
      try {
        onStoreError?.(error);
      } catch {
        // a failing logger must not turn into a second error
      }
    };
    const payload = request.json !== null && typeof request.json === 'object' ? canonicalJson(request.json) : request.body;
    const fingerprint = createHash('sha256')
      .update(`${request.method}\0${request.path}${request.search}\0`)
      .update(payload)
      .digest('base64url');
    const scoped = JSON.stringify([request.principal ?? null, request.method, request.path, request.key]);
    const found = await store.begin(scoped, fingerprint, ttlMs);
    if (found === 'in-flight') {
      const detail = `A request with this ${header} is still being processed; retry later.`;
      return { respond: problemResponse(problem(409, { detail }), { 'retry-after': '1' }) };
    }
    if (found === 'mismatch') {
      return { respond: problemResponse(problem(422, { detail: `This ${header} was already used for a different request.` })) };
    }
    if (found !== 'new') return { respond: replay(found.replay) };
    const release = async (): Promise<void> => {
      try {
        await store.release(scoped);
      } catch (error) {
        report(error);
      }
    };
    const finish = async (response: StoredResponse): Promise<void> => {
      if (response.status >= 500 || TRANSIENT.has(response.status)) return release();
      try {
        await store.complete(scoped, response, ttlMs);
      } catch (error) {
        report(error);
        await release();
      }
    };
    return { finish, release };
  };
}

/**
 * Whether a key is 1 to `maxLength` visible ASCII characters.
 * @example
 * isValidIdempotencyKey('7c1e8a92-3b4d', 255); // true
 */
export function isValidIdempotencyKey(key: string, maxLength: number): boolean {
  return key.length > 0 && key.length <= maxLength && /^[\x21-\x7E]+$/.test(key);
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set(IDEMPOTENT_REPLAYED_HEADER, 'true');
  const body = stored.body.byteLength === 0 ? null : (stored.body.slice() as Uint8Array<ArrayBuffer>);
  return new Response(body, { status: stored.status, headers });
}
