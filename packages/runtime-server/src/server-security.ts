import type { Context } from 'hono';
import type { ApiKeySecurity, BasicSecurity, SchemeSecurity } from './api-options.ts';
import type { OperationSpec, SecuritySchemeSpec } from './api-table.ts';
import { securityCheck, type BearerTokenScheme, type SchemeConfig, type SecurityEnv } from './security.ts';

/**
 * Runs an operation's security requirements: the 401/403 response, or `undefined` to go on
 * (principal set on `c`). `rememberedOnly`: see `securityCheck`.
 */
export type SecurityCheck = (c: Context, rememberedOnly?: boolean) => Promise<Response | undefined>;

const proceed = async (): Promise<void> => undefined;

/**
 * One `SecurityCheck` per operation that requires security, from the contract's schemes and the
 * service's configuration. Throws at startup, naming the scheme and the operations that need it,
 * when a scheme has no configuration: a server must not start and let those requests through.
 * @example
 * const checks = createSecurityChecks(operations, api.securitySchemes ?? {}, options.security ?? {}, 'api');
 */
export function createSecurityChecks(
  operations: readonly OperationSpec[],
  declared: Readonly<Record<string, SecuritySchemeSpec>>,
  configured: Readonly<Record<string, SchemeSecurity | undefined>>,
  realm: string,
): Map<string, SecurityCheck> {
  const schemes: Record<string, SchemeConfig> = {};
  const users = new Map<string, string[]>();
  for (const op of operations) {
    if (op.retired) continue;
    for (const requirement of op.security ?? [])
      for (const name of Object.keys(requirement)) users.set(name, [...(users.get(name) ?? []), op.name]);
  }
  for (const [name, ops] of [...users].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const spec = declared[name];
    if (!spec)
      throw new TypeError(`createServer: operation ${ops[0]} requires the security scheme "${name}", which the contract does not declare`);
    const config = configured[name];
    if (!config) {
      throw new TypeError(
        `createServer: options.security.${name} is missing; the contract requires it for ${[...new Set(ops)].join(', ')}. ` +
          'Configure the scheme: the server refuses to start rather than let these requests through.',
      );
    }
    schemes[name] = schemeConfig(name, spec, config);
  }
  const checks = new Map<string, SecurityCheck>();
  for (const op of operations) {
    if (op.retired || !op.security || op.security.length === 0) continue;
    const check = securityCheck({ requirements: op.security, schemes, realm });
    checks.set(
      op.name,
      async (c, rememberedOnly) => (await check(c as unknown as Context<SecurityEnv>, proceed, rememberedOnly)) ?? undefined,
    );
  }
  return checks;
}

/** The contract's scheme and the service's configuration as one `SchemeConfig` of `securityMiddleware`. */
export function schemeConfig(name: string, spec: SecuritySchemeSpec, config: SchemeSecurity): SchemeConfig {
  const wrong = (want: string) =>
    new TypeError(`createServer: options.security.${name} must be ${want} (the contract declares a ${describe(spec)} scheme)`);
  const verify = 'verify' in config && typeof config.verify === 'function' ? config.verify : undefined;
  if (spec.type === 'apiKey') {
    if (!verify) throw wrong('{ verify(key, c) }');
    return { type: 'apiKey', in: spec.in, name: spec.name, verify: verify as ApiKeySecurity['verify'] };
  }
  const scheme = spec.type === 'http' ? spec.scheme.toLowerCase() : undefined;
  if (spec.type === 'oauth2' || spec.type === 'openIdConnect' || scheme === 'bearer') {
    if ('jwt' in config && config.jwt) return { type: 'http', scheme: 'bearer', jwt: config.jwt };
    if (!verify) throw wrong('{ jwt } or { verify(token, c) }');
    return { type: 'http', scheme: 'bearer', verify: verify as BearerTokenScheme['verify'] };
  }
  if (scheme === 'basic') {
    if (!verify) throw wrong('{ verify(username, password, c) }');
    return { type: 'http', scheme: 'basic', verify: verify as BasicSecurity['verify'] };
  }
  if (!('authenticate' in config) || typeof config.authenticate !== 'function') throw wrong('{ authenticate(c) }');
  const challenge = scheme === undefined ? 'MutualTLS' : scheme[0]!.toUpperCase() + scheme.slice(1);
  return { type: 'custom', challenge, authenticate: config.authenticate };
}

function describe(spec: SecuritySchemeSpec): string {
  return spec.type === 'http' ? `http ${spec.scheme}` : spec.type;
}
