/**
 * The drone delivery system as the HTTP cases attack it: `pnpm start` in a child process (so an
 * exit is seen), on free ports and the in-memory bus, with a development seed of the battery's so
 * this process can sign the service tokens the internal services accept. The HTTP cases run one
 * after the other and share one child: it stops a moment after the last case lets go of it.
 */
import { join } from 'node:path';
import { SERVICES, serviceToken, shipperToken, systemConfig, type ServiceName, type SystemConfig } from '@drone-delivery/platform';
import { ROOT, spawnScript, type Child } from '../support/process.ts';

export interface HttpSystem {
  child: Child;
  urls: Record<ServiceName, string>;
  /** The same credentials the child derives from the seed (development mode). */
  config: SystemConfig;
  /** Set once the child has exited: how (code or signal). */
  exit(): number | NodeJS.Signals | undefined;
  /** A shipper's access token for the gateway (the development login). */
  shipperToken(account: string): Promise<string>;
  /** A service token `from` → `to` (acting for `account` when given), valid 9 minutes. */
  serviceToken(from: ServiceName, to: ServiceName, account?: string): Promise<string>;
}

const SEED = 'apilife-reliability-http-cases';
/** Rate limits out of the way: the fuzzer tests validation, and a 429 would end it before the checks run. */
const UNLIMITED = '100000000';
const LINGER_MS = 3_000;

let shared: { system: Promise<HttpSystem>; users: number; timer?: NodeJS.Timeout } | undefined;

/** The running system (started on first use); call `releaseSystem` when done with it. */
export function acquireSystem(): Promise<HttpSystem> {
  if (shared) {
    clearTimeout(shared.timer);
    shared.users++;
    return shared.system;
  }
  const system = start();
  shared = { system, users: 1 };
  system.catch(() => (shared = undefined));
  return system;
}

/** Lets go of the system; the last one out stops it after a short wait (the next case may want it). */
export async function releaseSystem(options: { now?: boolean } = {}): Promise<void> {
  const current = shared;
  if (!current) return;
  current.users--;
  if (current.users > 0) return;
  const stop = async () => {
    if (shared === current) shared = undefined;
    await (await current.system.catch(() => undefined))?.child.kill('SIGTERM');
  };
  if (options.now) return stop();
  current.timer = setTimeout(() => void stop(), LINGER_MS);
}

async function start(): Promise<HttpSystem> {
  const env: Record<string, string> = {
    APILIFE_DEV_SEED: SEED,
    APILIFE_TRANSPORT: 'memory',
    APILIFE_RATE_LIMIT: UNLIMITED,
    APILIFE_INTERNAL_RATE_LIMIT: UNLIMITED,
    PORT: '0',
  };
  for (const service of SERVICES) if (service !== 'gateway') env[`${service.toUpperCase().replace(/-/g, '_')}_PORT`] = '0';
  const child = await spawnScript(join(ROOT, 'services/system/src/main.ts'), {
    args: ['--no-docs', '--format', 'json'],
    env,
    ready: /^\{.*"services"/,
    timeoutMs: 90_000,
  });
  let exit: number | NodeJS.Signals | undefined;
  void child.exited.then((how) => (exit = how));
  const urls = (JSON.parse(child.ready) as { services: Record<ServiceName, string> }).services;
  const config = systemConfig({ APILIFE_DEV_SEED: SEED });
  return {
    child,
    urls,
    config,
    exit: () => exit,
    shipperToken: (account) => shipperToken(config, account, 600),
    serviceToken: (from, to, account) => serviceToken(config, { from, to, ...(account ? { account } : {}), ttlSeconds: 540 }),
  };
}
