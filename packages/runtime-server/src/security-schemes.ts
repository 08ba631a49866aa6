import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { createJwtVerifier, tokenScopes, type JwtFailure } from './jwt.ts';
import { requestHeader } from './node-incoming.ts';
import type { ApiKeyScheme, BasicAuthScheme, Principal, SchemeConfig } from './security.ts';

/**
 * How each kind of security scheme finds and checks its credential (API key, bearer JWT, bearer
 * token checked by the service, Basic, custom), and how a refusal is worded and challenged.
 * Used by `securityMiddleware`.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3 (Bearer challenges)
 * @see https://www.rfc-editor.org/rfc/rfc7617 (Basic)
 */

/** What a scheme found: no credential, an invalid one, or a principal. */
export type Outcome = { state: 'missing' } | { state: 'invalid'; reason: 'invalid' | JwtFailure } | { state: 'ok'; principal: Principal };

/**
 * Checks one scheme's credential on a request. With `rememberedOnly` (the client's address is over
 * its failed authentications) nothing is verified: only a JWT whose signature was verified a moment
 * ago is accepted, since it cannot be a guess; any other credential presented is invalid.
 */
export type Authenticator = (c: Context, now: () => number, rememberedOnly?: boolean) => Promise<Outcome>;

const unchecked: Outcome = { state: 'invalid', reason: 'invalid' };

/** `http` `bearer` (JWT or a token the service checks). */
export const isBearer = (scheme: SchemeConfig): boolean => scheme.type === 'http' && scheme.scheme === 'bearer';

/** How one scheme finds and checks its credential, set up once (JWT keys are imported lazily, once). */
export function authenticator(scheme: SchemeConfig): Authenticator {
  if (scheme.type === 'apiKey') return (c, _now, rememberedOnly) => apiKeyOutcome(scheme, c, rememberedOnly);
  if (scheme.type === 'custom') {
    return async (c, _now, rememberedOnly) => {
      if (rememberedOnly) return unchecked;
      const principal = await scheme.authenticate(c);
      return principal === undefined
        ? { state: 'missing' }
        : principal === false
          ? { state: 'invalid', reason: 'invalid' }
          : { state: 'ok', principal };
    };
  }
  if (scheme.scheme === 'basic') return (c, _now, rememberedOnly) => basicOutcome(scheme, c, rememberedOnly);
  if ('jwt' in scheme) {
    const verify = createJwtVerifier(scheme.jwt);
    return (c, now, rememberedOnly) =>
      bearerOutcome(c, async (token) => {
        const result = rememberedOnly
          ? (verify.remembered(token, now()) ?? { ok: false, reason: 'signature' as const })
          : await verify(token, now());
        if (!result.ok) return { state: 'invalid', reason: result.reason };
        return {
          state: 'ok',
          principal: {
            ...(result.claims.sub === undefined ? {} : { subject: result.claims.sub }),
            scopes: tokenScopes(result.claims),
            claims: result.claims,
          },
        };
      });
  }
  return (c, _now, rememberedOnly) =>
    bearerOutcome(c, async (token) => {
      if (rememberedOnly) return unchecked;
      const principal = await scheme.verify(token, c);
      return principal ? { state: 'ok', principal } : { state: 'invalid', reason: 'invalid' };
    });
}

async function apiKeyOutcome(scheme: ApiKeyScheme, c: Context, rememberedOnly = false): Promise<Outcome> {
  const key =
    scheme.in === 'header'
      ? requestHeader(c, scheme.name.toLowerCase())
      : scheme.in === 'query'
        ? c.req.query(scheme.name)
        : getCookie(c, scheme.name);
  if (!key) return { state: 'missing' };
  if (rememberedOnly) return unchecked;
  const principal = await scheme.verify(key, c);
  return principal ? { state: 'ok', principal } : { state: 'invalid', reason: 'invalid' };
}

async function bearerOutcome(c: Context, check: (token: string) => Promise<Outcome>): Promise<Outcome> {
  const authorization = requestHeader(c, 'authorization');
  const m = authorization === undefined ? null : /^Bearer(?:\s+(.*))?$/i.exec(authorization.trim());
  if (!m) return { state: 'missing' };
  const token = m[1]?.trim() ?? '';
  if (!/^[A-Za-z0-9._~+/-]+=*$/.test(token)) return { state: 'invalid', reason: 'malformed' };
  return check(token);
}

async function basicOutcome(scheme: BasicAuthScheme, c: Context, rememberedOnly = false): Promise<Outcome> {
  const authorization = requestHeader(c, 'authorization');
  const m = authorization === undefined ? null : /^Basic(?:\s+(.*))?$/i.exec(authorization.trim());
  if (!m) return { state: 'missing' };
  const encoded = m[1]?.trim() ?? '';
  let decoded: string;
  try {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new TypeError('not base64');
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(encoded, 'base64'));
  } catch {
    return { state: 'invalid', reason: 'malformed' };
  }
  const colon = decoded.indexOf(':');
  if (colon < 0) return { state: 'invalid', reason: 'malformed' };
  if (rememberedOnly) return unchecked;
  const principal = await scheme.verify(decoded.slice(0, colon), decoded.slice(colon + 1), c);
  return principal ? { state: 'ok', principal } : { state: 'invalid', reason: 'invalid' };
}

/** The `WWW-Authenticate` challenge of one scheme, with `error="invalid_token"` for a refused bearer token. */
export function challenge(scheme: SchemeConfig, realm: string, outcome: Outcome): string {
  if (scheme.type === 'apiKey') return `ApiKey realm=${realm}, in=${quote(scheme.in)}, name=${quote(scheme.name)}`;
  if (scheme.type === 'custom') return `${scheme.challenge} realm=${realm}`;
  if (scheme.scheme === 'basic') return `Basic realm=${realm}, charset="UTF-8"`;
  if (outcome.state !== 'invalid') return `Bearer realm=${realm}`;
  return `Bearer realm=${realm}, error="invalid_token", error_description=${quote(tokenMessage(outcome.reason))}`;
}

/** The 401 `detail`: what was wrong with the first invalid credential, else that one is needed. */
export function unauthorizedDetail(outcomes: Map<string, Outcome>, schemes: Readonly<Record<string, SchemeConfig>>): string {
  for (const [name, outcome] of outcomes) {
    if (outcome.state !== 'invalid') continue;
    const scheme = schemes[name]!;
    if (scheme.type === 'apiKey') return 'The API key is not valid.';
    return isBearer(scheme) ? tokenMessage(outcome.reason) : 'The credentials are not valid.';
  }
  return 'Authentication is required.';
}

function tokenMessage(reason: 'invalid' | JwtFailure): string {
  if (reason === 'expired') return 'The access token has expired.';
  if (reason === 'not-yet-valid') return 'The access token is not valid yet.';
  return 'The access token is not valid.';
}

/** An RFC 9110 quoted-string. */
export const quote = (value: string): string => `"${value.replace(/[\\"]/g, '\\$&')}"`;
