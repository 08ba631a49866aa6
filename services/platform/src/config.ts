/** The services of the system, and the ports they listen on by default. */
export const SERVICES = ['gateway', 'delivery-scheduler', 'accounts', 'package', 'drone-management', 'delivery', 'delivery-history'] as const;
export type ServiceName = (typeof SERVICES)[number];

const DEFAULT_PORTS: Record<ServiceName, number> = {
  gateway: 8080,
  'delivery-scheduler': 8081,
  accounts: 8082,
  package: 8083,
  'drone-management': 8084,
  delivery: 8085,
  'delivery-history': 8086,
};

/** The development account and its API key, seeded in Accounts and known to the gateway. */
export const DEV_ACCOUNT_ID = '0b7f3d4e-2c1a-4f6b-9d8e-7a6b5c4d3e2f';
/** A second account (tests: one account must not read another's deliveries). */
export const OTHER_ACCOUNT_ID = '5e4d3c2b-1a0f-4e9d-8c7b-6a5f4e3d2c1b';

/** Everything the services read from the environment, with development defaults. */
export interface SystemConfig {
  host: string;
  ports: Record<ServiceName, number>;
  /** Base URL of each service, as the others call it. */
  urls: Record<ServiceName, string>;
  /** HS256 secret of service-to-service tokens (`APILIFE_SERVICE_SECRET`). */
  serviceSecret: string;
  /** HS256 secret of shippers' access tokens (`APILIFE_JWT_SECRET`), issuer and audience. */
  userJwt: { secret: string; issuer: string; audience: string };
  /** API keys → account ids (`APILIFE_API_KEY` sets the development one). */
  apiKeys: { key: string; accountId: string }[];
  /** `memory` (default: every service in one process), `nats`, `amqp`, `redis` or `mqtt` (`APILIFE_TRANSPORT`). */
  transport: 'memory' | 'nats' | 'amqp' | 'redis' | 'mqtt';
  /** Prefix of the broker's stream, exchange and queue names (`APILIFE_BUS_PREFIX`), so runs do not mix. */
  busPrefix: string;
  /** `memory` (default) or `postgres` (`DELIVERY_HISTORY_STORE`); `DATABASE_URL` for the latter. */
  historyStore: 'memory' | 'postgres';
  databaseUrl: string;
  /** Simulated seconds per real second of a drone's flight (`APILIFE_TIME_SCALE`, default 120). */
  timeScale: number;
  /** Requests per minute and caller at the gateway (`APILIFE_RATE_LIMIT`, default 600). */
  rateLimitPerMinute: number;
}

/** Reads the settings; the gateway's port is `PORT`, the others `<SERVICE>_PORT` (e.g. `ACCOUNTS_PORT`). */
export function systemConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<SystemConfig> = {}): SystemConfig {
  const host = env.HOST ?? '127.0.0.1';
  const ports = { ...DEFAULT_PORTS };
  for (const service of SERVICES) {
    const value = service === 'gateway' ? env.PORT : env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`];
    if (value !== undefined) {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${service === 'gateway' ? 'PORT' : `${service.toUpperCase().replace(/-/g, '_')}_PORT`} must be a port number, got ${JSON.stringify(value)}`);
      ports[service] = port;
    }
  }
  const transport = (env.APILIFE_TRANSPORT ?? 'memory') as SystemConfig['transport'];
  if (!['memory', 'nats', 'amqp', 'redis', 'mqtt'].includes(transport)) throw new Error(`APILIFE_TRANSPORT must be memory, nats, amqp, redis or mqtt, got ${JSON.stringify(transport)}`);
  const historyStore = (env.DELIVERY_HISTORY_STORE ?? 'memory') as SystemConfig['historyStore'];
  if (!['memory', 'postgres'].includes(historyStore)) throw new Error(`DELIVERY_HISTORY_STORE must be memory or postgres, got ${JSON.stringify(historyStore)}`);
  const timeScale = Number(env.APILIFE_TIME_SCALE ?? 120);
  if (!(timeScale > 0)) throw new Error(`APILIFE_TIME_SCALE must be a positive number, got ${JSON.stringify(env.APILIFE_TIME_SCALE)}`);
  const rateLimitPerMinute = Number(env.APILIFE_RATE_LIMIT ?? 600);
  if (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1) throw new Error(`APILIFE_RATE_LIMIT must be a whole number of requests per minute, got ${JSON.stringify(env.APILIFE_RATE_LIMIT)}`);
  const config: SystemConfig = {
    host,
    ports,
    urls: Object.fromEntries(SERVICES.map((s) => [s, `http://${host}:${ports[s]}`])) as Record<ServiceName, string>,
    serviceSecret: env.APILIFE_SERVICE_SECRET ?? 'development-only-service-secret',
    userJwt: { secret: env.APILIFE_JWT_SECRET ?? 'development-only-user-secret', issuer: env.APILIFE_JWT_ISSUER ?? 'https://login.dronedelivery.example', audience: env.APILIFE_JWT_AUDIENCE ?? 'drone-delivery-api' },
    apiKeys: [
      { key: env.APILIFE_API_KEY ?? 'dev-key-3f9a1c7e5b2d4068', accountId: DEV_ACCOUNT_ID },
      { key: env.APILIFE_OTHER_API_KEY ?? 'other-key-8d2e6f0a4c1b3957', accountId: OTHER_ACCOUNT_ID },
    ],
    transport,
    busPrefix: env.APILIFE_BUS_PREFIX ?? 'drone',
    historyStore,
    databaseUrl: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    timeScale,
    rateLimitPerMinute,
  };
  return { ...config, ...overrides };
}

/** The rate limit every service applies to operations that declare 429: `rateLimitPerMinute` per caller. */
export function rateLimitOf(config: SystemConfig): { limit: number; windowMs: number } {
  return { limit: config.rateLimitPerMinute, windowMs: 60_000 };
}
