import { createHmac } from 'node:crypto';
import type { AuthHook } from './attempt.ts';

/** What `jwtBearer` signs into every token. */
export interface JwtBearerOptions {
  /** Shared HS256 secret (the server verifies with the same one). */
  secret: string;
  issuer: string;
  /** The service called. */
  audience: string;
  /** Who calls: a service name, or the user a gateway acts for. */
  subject: string;
  /** Extra claims (e.g. `scope`). */
  claims?: Record<string, unknown>;
  /** Lifetime of a token, in seconds (default 300); a new one is signed when a third is left. */
  ttlSeconds?: number;
  now?: () => number;
}

const base64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

/**
 * Signs a compact HS256 JWT.
 * @example
 * signJwt({ iss: 'drone-delivery', aud: 'accounts', sub: 'delivery-scheduler', exp: now + 300 }, secret);
 */
export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const input = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/**
 * An `auth` hook for generated clients that sends `Authorization: Bearer <JWT>`, signed here
 * (service-to-service calls, or a gateway acting for its caller) and re-signed before it expires.
 * @example
 * createClient({ baseUrl, auth: jwtBearer({ secret, issuer: 'drone-delivery', audience: 'accounts', subject: 'delivery-scheduler' }) });
 */
export function jwtBearer(options: JwtBearerOptions): AuthHook {
  const ttl = options.ttlSeconds ?? 300;
  const now = options.now ?? Date.now;
  let token = '';
  let renewAt = 0;
  return ({ headers }) => {
    const seconds = Math.floor(now() / 1000);
    if (seconds >= renewAt) {
      token = signJwt({ ...options.claims, iss: options.issuer, aud: options.audience, sub: options.subject, iat: seconds, exp: seconds + ttl }, options.secret);
      renewAt = seconds + Math.floor((ttl * 2) / 3);
    }
    headers.set('authorization', `Bearer ${token}`);
  };
}
