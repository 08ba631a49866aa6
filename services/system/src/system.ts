import { createMessaging, type Transport } from '@apilife/messaging';
import {
  assertRunnable,
  createBus,
  listen,
  listenHost,
  SERVICES,
  resolveUrls,
  type Listening,
  type Service,
  type ServiceDeps,
  type ServiceName,
  type SystemConfig,
} from '@drone-delivery/platform';
import { createAccountsService } from '@drone-delivery/accounts';
import { createDeliveryService } from '@drone-delivery/delivery';
import { createDeliveryHistoryService } from '@drone-delivery/delivery-history';
import { createDeliverySchedulerService } from '@drone-delivery/delivery-scheduler';
import { createDroneManagementService } from '@drone-delivery/drone-management';
import { createGatewayService } from '@drone-delivery/gateway';
import { createPackageService } from '@drone-delivery/package';

/** How each service is made. */
export const FACTORIES: Record<ServiceName, (deps: ServiceDeps) => Service | Promise<Service>> = {
  gateway: (deps) => createGatewayService(deps),
  'delivery-scheduler': (deps) => createDeliverySchedulerService(deps),
  accounts: (deps) => createAccountsService(deps),
  package: (deps) => createPackageService(deps),
  'drone-management': (deps) => createDroneManagementService(deps),
  delivery: (deps) => createDeliveryService(deps),
  'delivery-history': (deps) => createDeliveryHistoryService(deps),
};

export interface SystemOptions {
  config: SystemConfig;
  /** The services this process runs (default all). */
  only?: readonly ServiceName[];
  /** A transport to use instead of the configured one (tests share one). */
  transport?: Transport;
  /** Replaces a service's factory (tests inject faults). */
  factories?: Partial<typeof FACTORIES>;
  log?: (line: string) => void;
}

/** A running system (or part of one). */
export interface RunningSystem {
  config: SystemConfig;
  urls: Record<ServiceName, string>;
  services: Partial<Record<ServiceName, Service>>;
  transport: Transport;
  /** Graceful: background work first (in-flight handlers finish), then HTTP, then the bus. */
  stop(): Promise<void>;
}

/** A service's app as `@hono/node-server` calls it: with the Node request in `env`. */
type NodeApp = { fetch(request: Request, env?: unknown): Response | Promise<Response> };

/**
 * Starts the services: the settings are checked first (`assertRunnable`: in production mode only
 * with the keys and secrets given), then every one listens (the gateway on `host`, the internal
 * services on `internalHost`; port 0 picks a free one, and every service learns the others' real
 * addresses), then each is built on its own messaging over one shared bus, then their background
 * work starts. A service named in `config.urlOverrides` (`<SERVICE>_URL`) is called there
 * instead (behind a load balancer, or the battery's fault proxy).
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const only = options.only ?? SERVICES;
  assertRunnable(options.config, only);
  if (only.length < SERVICES.length && (options.transport?.kind ?? options.config.transport) === 'memory') {
    throw new Error('services in separate processes need a shared broker: set APILIFE_TRANSPORT=nats (or amqp, redis, mqtt)');
  }
  const apps = new Map<ServiceName, Service['app']>();
  const listening = new Map<ServiceName, Listening>();
  const unavailable = () =>
    new Response(JSON.stringify({ type: 'about:blank', title: 'Service Unavailable', status: 503, detail: 'starting' }), {
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '1' },
    });
  const stopAll = async () => {
    await Promise.all([...listening.values()].map((l) => l.close()));
  };
  try {
    for (const name of only) {
      listening.set(
        name,
        await listen(
          {
            // `env` carries Node's request (`env.incoming`): the runtime counts raw header lines
            // against the 431 limit and reads bodies from it; without it repeated header lines
            // merge into one and slip under the count.
            fetch: (request: Request, env?: unknown) => (apps.get(name) as NodeApp | undefined)?.fetch(request, env) ?? unavailable(),
          },
          { host: listenHost(options.config, name), port: options.config.ports[name] },
        ),
      );
    }
  } catch (error) {
    await stopAll();
    throw error;
  }
  const ports = { ...options.config.ports };
  for (const [name, l] of listening) ports[name] = l.port;
  const config: SystemConfig = { ...options.config, ports, urls: resolveUrls(options.config, ports) };
  const transport = options.transport ?? createBus(config);
  const services: Partial<Record<ServiceName, Service>> = {};
  const factories = { ...FACTORIES, ...options.factories };
  try {
    for (const name of only) {
      const messaging = createMessaging({ transport, source: `/${name}` });
      const service = await factories[name]({ config, messaging, ...(options.log ? { log: options.log } : {}) });
      services[name] = service;
      apps.set(name, service.app);
    }
    for (const name of only) await services[name]!.start();
  } catch (error) {
    await Promise.allSettled(Object.values(services).map((s) => s.stop()));
    await stopAll();
    await transport.close().catch(() => {});
    throw error;
  }
  return {
    config,
    urls: config.urls,
    services,
    transport,
    async stop() {
      await Promise.allSettled(Object.values(services).map((s) => s.stop()));
      await stopAll();
      await transport.close().catch(() => {});
    },
  };
}
