import { createJwtVerifier, JwtConfigError } from '@apilife/runtime-server';
import { serviceSecurity } from './auth.ts';
import type { SystemConfig } from './config.ts';
import { ConfigError } from './errors.ts';
import { keysOf } from './service-keys.ts';
import { CALLERS, envStem, PUBLIC_SERVICE, SIGNERS, type ServiceName } from './services.ts';

/**
 * Refuses to start `services` with settings that cannot work or would open them: in production,
 * a service that calls others without its own signing key, a service whose callers have no public
 * key in `APILIFE_SERVICE_JWKS`, a gateway that accepts no credential at all; in any mode, keys
 * the verifiers refuse (weak, of the wrong kind). Throws one `ConfigError` listing every problem.
 * @example
 * assertRunnable(config, ['gateway', 'accounts']);
 */
export function assertRunnable(config: SystemConfig, services: readonly ServiceName[]): void {
  const problems: string[] = [];
  for (const service of services) {
    if (SIGNERS.includes(service) && !config.identity.privateKeys[service]) {
      problems.push(`APILIFE_SERVICE_KEY_${envStem(service)} is not set: ${service} signs its calls with a key of its own`);
    }
    for (const caller of CALLERS[service]) {
      if (keysOf(config.identity.jwks, caller).length === 0)
        problems.push(`APILIFE_SERVICE_JWKS holds no public key of ${caller}, which calls ${service}`);
    }
    if (CALLERS[service].length > 0)
      verifiable(() => createJwtVerifier(serviceSecurity(config, service).jwt!), 'APILIFE_SERVICE_JWKS', problems);
  }
  if (services.includes(PUBLIC_SERVICE)) {
    if (config.apiKeys.length === 0 && !config.shipperTokens) {
      problems.push(
        "the gateway would accept no credential: give APILIFE_API_KEYS, or shippers' tokens (APILIFE_JWT_JWKS_URL, APILIFE_JWT_JWKS or APILIFE_JWT_SECRET)",
      );
    }
    if (config.shipperTokens) verifiable(() => createJwtVerifier(config.shipperTokens!.verify), config.shipperTokens.source, problems);
  }
  if (problems.length > 0) throw new ConfigError([...new Set(problems)], `cannot start ${services.join(', ')} in ${config.mode} mode`);
}

function verifiable(create: () => unknown, setting: string, problems: string[]): void {
  try {
    create();
  } catch (error) {
    if (!(error instanceof JwtConfigError)) throw error;
    problems.push(`${setting}: ${error.message}`);
  }
}
