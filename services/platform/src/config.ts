import { ConfigError } from './errors.ts';
import { readFailpoints } from './failpoints.ts';
import { readMode, readSecrets, type Secrets } from './secrets.ts';
import type { Env } from './secrets-env.ts';
import { DEFAULT_PORTS, envStem, PUBLIC_SERVICE, SERVICES, type ServiceName } from './services.ts';

export { SERVICES, type ServiceName } from './services.ts';
export { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID } from './secrets.ts';

/** Everything the services read from the environment: development defaults, or in production only what was given. */
export interface SystemConfig extends Secrets {
  /** Where the gateway listens (`HOST`, default 127.0.0.1): the only address clients reach. */
  host: string;
  /** Where the internal services listen (`INTERNAL_HOST`, default 127.0.0.1), whatever `HOST` says. */
  internalHost: string;
  ports: Record<ServiceName, number>;
  /** Base URL of each service, as the others call it: where it listens, unless `urlOverrides` says otherwise. */
  urls: Record<ServiceName, string>;
  /**
   * Base URLs given with `<SERVICE>_URL` (e.g. `DELIVERY_URL`): where the other services call one
   * that is not reached where it listens (a load balancer, a service mesh, several processes behind
   * one address, a fault proxy); they win over the address its port gives.
   */
  urlOverrides: Partial<Record<ServiceName, string>>;
  /** `memory` (default: every service in one process), `nats`, `amqp`, `redis` or `mqtt` (`APILIFE_TRANSPORT`). */
  transport: 'memory' | 'nats' | 'amqp' | 'redis' | 'mqtt';
  /** Prefix of the broker's stream, exchange and queue names (`APILIFE_BUS_PREFIX`), so runs do not mix. */
  busPrefix: string;
  /** `memory` (default) or `postgres` (`DELIVERY_HISTORY_STORE`); `DATABASE_URL` for the latter. */
  historyStore: 'memory' | 'postgres';
  /** `memory` (default) or `postgres` (`DELIVERY_STORE`): the Delivery service's deliveries and its outbox; `DATABASE_URL` for the latter. */
  deliveryStore: 'memory' | 'postgres';
  /** Prefix of the Delivery service's PostgreSQL tables (`DELIVERY_TABLE_PREFIX`, default `delivery_`), so runs sharing a database do not mix. */
  deliveryTablePrefix: string;
  databaseUrl: string;
  /** Simulated seconds per real second of a drone's flight (`APILIFE_TIME_SCALE`, default 120). */
  timeScale: number;
  /** Requests per minute and caller at the gateway (`APILIFE_RATE_LIMIT`, default 600). */
  rateLimitPerMinute: number;
  /** Requests per minute and calling service at an internal service (`APILIFE_INTERNAL_RATE_LIMIT`, default 60,000). */
  internalRateLimitPerMinute: number;
}

/** The address `service` listens on: the gateway on `host`, every other service on `internalHost`. */
export const listenHost = (config: Pick<SystemConfig, 'host' | 'internalHost'>, service: ServiceName): string =>
  service === PUBLIC_SERVICE ? config.host : config.internalHost;

/** Base URLs of the services on `ports`. */
export function serviceUrls(
  config: Pick<SystemConfig, 'host' | 'internalHost'>,
  ports: Record<ServiceName, number>,
): Record<ServiceName, string> {
  return Object.fromEntries(SERVICES.map((s) => [s, `http://${listenHost(config, s)}:${ports[s]}`])) as Record<ServiceName, string>;
}

/** The base URL a service is called at: `urlOverrides` first, else where it listens. */
export function resolveUrls(
  config: Pick<SystemConfig, 'host' | 'internalHost' | 'urlOverrides'>,
  ports: Record<ServiceName, number>,
): Record<ServiceName, string> {
  return { ...serviceUrls(config, ports), ...config.urlOverrides };
}

/** `<SERVICE>_URL` of every service the others call (not the gateway: it is the public entry, nobody inside calls it). */
function readUrlOverrides(env: Env): Partial<Record<ServiceName, string>> {
  const overrides: Partial<Record<ServiceName, string>> = {};
  const errors: string[] = [];
  for (const service of SERVICES) {
    if (service === PUBLIC_SERVICE) continue;
    const name = `${envStem(service)}_URL`;
    const value = env[name];
    if (value === undefined || value === '') continue;
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username)
      errors.push(`${name} must be an http(s) base URL without query or credentials, got ${JSON.stringify(value)}`);
    else overrides[service] = value.replace(/\/+$/, '');
  }
  if (errors.length > 0) throw new ConfigError(errors);
  return overrides;
}

function positiveInteger(env: Env, name: string, fallback: number, what: string): number {
  const value = Number(env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigError([`${name} must be a whole number of ${what}, got ${JSON.stringify(env[name])}`]);
  return value;
}

/**
 * Reads the settings; the gateway's port is `PORT`, the others `<SERVICE>_PORT` (e.g.
 * `ACCOUNTS_PORT`). Credentials follow the mode (see `readSecrets`). Throws a `ConfigError`.
 */
export function systemConfig(env: Env = process.env, overrides: Partial<SystemConfig> = {}): SystemConfig {
  const host = env.HOST ?? '127.0.0.1';
  const internalHost = env.INTERNAL_HOST ?? '127.0.0.1';
  const ports = { ...DEFAULT_PORTS };
  for (const service of SERVICES) {
    const name = service === PUBLIC_SERVICE ? 'PORT' : `${envStem(service)}_PORT`;
    const value = env[name];
    if (value === undefined) continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError([`${name} must be a port number, got ${JSON.stringify(value)}`]);
    ports[service] = port;
  }
  const transport = (env.APILIFE_TRANSPORT ?? 'memory') as SystemConfig['transport'];
  if (!['memory', 'nats', 'amqp', 'redis', 'mqtt'].includes(transport))
    throw new ConfigError([`APILIFE_TRANSPORT must be memory, nats, amqp, redis or mqtt, got ${JSON.stringify(transport)}`]);
  const historyStore = (env.DELIVERY_HISTORY_STORE ?? 'memory') as SystemConfig['historyStore'];
  if (!['memory', 'postgres'].includes(historyStore))
    throw new ConfigError([`DELIVERY_HISTORY_STORE must be memory or postgres, got ${JSON.stringify(historyStore)}`]);
  const deliveryStore = (env.DELIVERY_STORE ?? 'memory') as SystemConfig['deliveryStore'];
  if (!['memory', 'postgres'].includes(deliveryStore))
    throw new ConfigError([`DELIVERY_STORE must be memory or postgres, got ${JSON.stringify(deliveryStore)}`]);
  const deliveryTablePrefix = env.DELIVERY_TABLE_PREFIX ?? 'delivery_';
  if (!/^[a-z_][a-z0-9_]*$/.test(deliveryTablePrefix))
    throw new ConfigError([`DELIVERY_TABLE_PREFIX must be a lower-case SQL identifier, got ${JSON.stringify(deliveryTablePrefix)}`]);
  const timeScale = Number(env.APILIFE_TIME_SCALE ?? 120);
  if (!(timeScale > 0))
    throw new ConfigError([`APILIFE_TIME_SCALE must be a positive number, got ${JSON.stringify(env.APILIFE_TIME_SCALE)}`]);
  const mode = readMode(env);
  if (readFailpoints(env).size > 0 && mode === 'production')
    throw new ConfigError([
      'APILIFE_FAILPOINTS makes services kill themselves on purpose (the reliability battery): refused in production mode',
    ]);
  const urlOverrides = readUrlOverrides(env);
  const config: SystemConfig = {
    ...readSecrets(env, mode),
    host,
    internalHost,
    ports,
    urls: resolveUrls({ host, internalHost, urlOverrides }, ports),
    urlOverrides,
    transport,
    busPrefix: env.APILIFE_BUS_PREFIX ?? 'drone',
    historyStore,
    deliveryStore,
    deliveryTablePrefix,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    timeScale,
    rateLimitPerMinute: positiveInteger(env, 'APILIFE_RATE_LIMIT', 600, 'requests per minute'),
    internalRateLimitPerMinute: positiveInteger(env, 'APILIFE_INTERNAL_RATE_LIMIT', 60_000, 'requests per minute'),
  };
  return { ...config, ...overrides };
}

/** The rate limit of the gateway's operations: `rateLimitPerMinute` per caller (account, else address). */
export function rateLimitOf(config: SystemConfig): { limit: number; windowMs: number } {
  return { limit: config.rateLimitPerMinute, windowMs: 60_000 };
}
