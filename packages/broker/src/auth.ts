import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { problem } from './problem.ts';

/**
 * Who may do what, as the Pact Broker's bearer tokens: a read token may read (GET, HEAD, OPTIONS,
 * and the POST that asks for pacts for verification, which changes nothing); a write token may do
 * everything. No tokens at all means an open broker, which `startBroker` allows only on loopback.
 */
export interface BrokerAuth {
  readTokens?: readonly string[];
  writeTokens?: readonly string[];
}

/** The environment variables the `apilife broker` command reads tokens from (comma-separated). */
export const TOKEN_ENV = { read: 'APILIFE_BROKER_READ_TOKEN', write: 'APILIFE_BROKER_WRITE_TOKEN' } as const;

/** Splits a comma-separated token list (`a,b`), dropping blanks. */
export function parseTokenList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');
}

/** Whether any token is configured (an open broker has none). */
export function hasTokens(auth: BrokerAuth | undefined): boolean {
  return (auth?.readTokens?.length ?? 0) + (auth?.writeTokens?.length ?? 0) > 0;
}

/** `localhost`, `::1` and 127.0.0.0/8: the only hosts an open broker listens on. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(bare.replace(/^::ffff:/, ''));
  return v4?.slice(1).every((part) => Number(part) <= 255) ?? false;
}

const digest = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** Compares against every token, always all of them, in constant time per token (equal-length digests). */
function matchesAny(candidate: Buffer, tokens: readonly Buffer[]): boolean {
  let found = false;
  for (const token of tokens) found = timingSafeEqual(candidate, token) || found;
  return found;
}

const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** The one POST a reader sends: the Pact Broker lets read-only users ask for pacts for verification. */
const FOR_VERIFICATION = /^\/pacts\/provider\/[^/]+\/for-verification\/?$/;

/** Whether a request only reads. */
export function isReadRequest(method: string, path: string): boolean {
  return READ_METHODS.has(method) || (method === 'POST' && FOR_VERIFICATION.test(path));
}

/**
 * The middleware that checks `Authorization: Bearer <token>`: 401 (with `WWW-Authenticate`) without
 * a token or with an unknown one, 403 for a read token on a write. With no tokens configured it lets
 * everything through.
 */
export function bearerAuth(auth: BrokerAuth | undefined): MiddlewareHandler {
  const read = (auth?.readTokens ?? []).map(digest);
  const write = (auth?.writeTokens ?? []).map(digest);
  const open = read.length + write.length === 0;
  return async (c, next) => {
    if (open) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) return unauthorized(c, header === '' ? 'a bearer token is required' : 'the Authorization header is not a bearer token', '');
    const candidate = digest(match[1]!);
    const canWrite = matchesAny(candidate, write);
    if (!canWrite && !matchesAny(candidate, read))
      return unauthorized(c, 'the bearer token is not valid for this broker', ', error="invalid_token"');
    if (!canWrite && !isReadRequest(c.req.method, new URL(c.req.url).pathname))
      return problem(c, 403, 'this token may only read: a write token is needed for this request');
    return next();
  };
}

function unauthorized(c: Context, detail: string, challengeError: string): Response {
  const response = problem(c, 401, detail);
  response.headers.set('WWW-Authenticate', `Bearer realm="apilife broker"${challengeError}`);
  return response;
}
