import { errors } from 'jose';
import type { JwtFailure } from './jwt.ts';

const BY_CLAIM: Readonly<Record<string, JwtFailure>> = {
  iss: 'issuer',
  aud: 'audience',
  nbf: 'not-yet-valid',
  iat: 'issued-in-future',
  typ: 'type',
};

/**
 * Why jose refused a token, as a `JwtFailure`. Everything jose throws for a token is a refusal,
 * never an error of the server: a key that does not fit (a weak RSA key in a fetched key set, an
 * unknown `kid`, an unreachable key set) is `key`, anything unrecognised `malformed`.
 * @example
 * failureOf(new errors.JWTExpired('"exp" claim timestamp check failed', {})); // 'expired'
 */
export function failureOf(error: unknown): JwtFailure {
  if (error instanceof errors.JWTExpired) return 'expired';
  if (error instanceof errors.JWTClaimValidationFailed)
    return (Object.hasOwn(BY_CLAIM, error.claim) ? BY_CLAIM[error.claim] : undefined) ?? 'malformed';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'algorithm';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'signature';
  if (
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid
  )
    return 'key';
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid || error instanceof errors.JOSENotSupported)
    return 'malformed';
  if (error instanceof TypeError) return 'key';
  return 'malformed';
}
