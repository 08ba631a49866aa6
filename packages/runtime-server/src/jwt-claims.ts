/**
 * The claims of a token whose signature verified, type-checked and kept to sane times: what jose
 * leaves to the application. Runs on every use of a token, also when its signature is remembered.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1 (registered claims)
 * @see https://www.rfc-editor.org/rfc/rfc8693#section-4 (act, scope)
 */

/** Why the claims of a token are refused. */
export type ClaimFailure = 'malformed' | 'expired' | 'not-yet-valid' | 'issued-in-future' | 'lifetime';

/** The time rules of one verifier, in seconds. */
export interface ClaimRules {
  /** Allowed clock skew. */
  tolerance: number;
  /** The longest a token may still be valid for (`exp` − now). */
  maxLifetime: number;
}

/** The latest NumericDate taken seriously (year 9999); later ones are not times but attacks. */
const LAST_DATE = 253_402_300_799;

const isDate = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= LAST_DATE;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 1024;
const isTextList = (value: unknown): boolean => Array.isArray(value) && value.length <= 100 && value.every(isText);
const optional = (value: unknown, check: (v: unknown) => boolean): boolean => value === undefined || check(value);

/**
 * Checks the claims at `now` (epoch seconds): `exp` required and finite, `nbf`/`iat` finite when
 * present, none after year 9999; `exp` no further than `maxLifetime` ahead; `sub`, `jti`, `azp`,
 * `scope` non-empty strings, `aud` a string or strings, `scp` a string or strings, `act` an object
 * naming its `sub`. Returns the failure, or `undefined` when the claims hold.
 * @example
 * checkClaims({ sub: ['a', 'b'], exp: 1e10 }, now, { tolerance: 0, maxLifetime: 86_400 }); // 'malformed'
 */
export function checkClaims(claims: Record<string, unknown>, now: number, rules: ClaimRules): ClaimFailure | undefined {
  const { exp, nbf, iat, sub, aud, scope, scp, jti, azp, act } = claims;
  if (typeof exp === 'number' && Number.isFinite(exp) && exp > LAST_DATE) return 'lifetime';
  if (!isDate(exp) || !optional(nbf, isDate) || !optional(iat, isDate)) return 'malformed';
  if (!optional(sub, isText) || !optional(jti, isText) || !optional(azp, isText) || !optional(scope, isText)) return 'malformed';
  if (!optional(aud, (v) => isText(v) || isTextList(v)) || !optional(scp, (v) => isText(v) || isTextList(v))) return 'malformed';
  if (!optional(act, (v) => typeof v === 'object' && v !== null && !Array.isArray(v) && isText((v as { sub?: unknown }).sub)))
    return 'malformed';
  if (now - rules.tolerance >= exp) return 'expired';
  if (exp - now > rules.maxLifetime + rules.tolerance) return 'lifetime';
  if (typeof nbf === 'number' && nbf > now + rules.tolerance) return 'not-yet-valid';
  if (typeof iat === 'number' && iat > now + rules.tolerance) return 'issued-in-future';
  return undefined;
}
