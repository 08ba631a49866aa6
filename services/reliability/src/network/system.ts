/**
 * The drone delivery system (in this process, on the in-memory bus) with the battery's fault proxy
 * in front of the services named: every other service calls them through it (`urlOverrides`, what
 * `<SERVICE>_URL` sets), so the gateway's and the scheduler's clients meet latency, resets,
 * blackholes, bandwidth caps and a stopped service as they would on a network. Each proxied
 * service counts the requests that reached it.
 */
import { createGatewayService, type GatewayService, type GatewayServiceOptions } from '@drone-delivery/gateway';
import { systemConfig, type ServiceDeps, type ServiceName } from '@drone-delivery/platform';
import { FACTORIES, startSystem, type RunningSystem } from '@drone-delivery/system';
import { freePort } from '../load/processes.ts';
import { startFaultProxy, type FaultProxy } from '../support/proxy.ts';

export interface ProxiedSystem {
  system: RunningSystem;
  gateway: string;
  apiKey: string;
  /** The gateway service itself (its breakers' states). */
  gatewayService: GatewayService;
  proxies: Partial<Record<ServiceName, FaultProxy>>;
  /** Requests that reached each proxied service, by method (`GET`, `POST`, …). */
  received: Partial<Record<ServiceName, Record<string, number>>>;
  /** Makes a proxied service answer 500 to everything (a failing service, not a failing network) while on. */
  failing(service: ServiceName, on: boolean): void;
  stop(): Promise<void>;
}

export interface ProxiedOptions {
  /** The services behind a proxy each. */
  proxied: readonly ServiceName[];
  /** Settings of the gateway (e.g. a shorter breaker cool-down, to see the half-open probe in seconds). */
  gateway?: GatewayServiceOptions;
  /** Simulated seconds per second of flight (default 3000: deliveries land in a second or two). */
  timeScale?: number;
  /** Replaces a service's factory (e.g. longer flights, to read a drone's position in flight). */
  factories?: Partial<typeof FACTORIES>;
}

/** Starts the system with a fault proxy in front of each of `options.proxied`. */
export async function startProxiedSystem(options: ProxiedOptions): Promise<ProxiedSystem> {
  const base = systemConfig({}, { timeScale: options.timeScale ?? 3000, rateLimitPerMinute: 100_000 });
  const ports = { ...base.ports };
  for (const service of Object.keys(ports) as ServiceName[]) ports[service] = service === 'gateway' ? 0 : await freePort();
  const proxies: Partial<Record<ServiceName, FaultProxy>> = {};
  const received: Partial<Record<ServiceName, Record<string, number>>> = {};
  let gatewayService: GatewayService | undefined;
  const failing = new Set<ServiceName>();
  try {
    for (const service of options.proxied) proxies[service] = await startFaultProxy([{ host: '127.0.0.1', port: ports[service] }]);
    const factories: Partial<typeof FACTORIES> = {
      ...options.factories,
      gateway: (deps) => (gatewayService = createGatewayService(deps, options.gateway)),
    };
    for (const service of options.proxied) {
      const counts: Record<string, number> = {};
      received[service] = counts;
      factories[service] = async (deps: ServiceDeps) => {
        const made = await (options.factories?.[service] ?? FACTORIES[service])(deps);
        const fetch = made.app.fetch.bind(made.app);
        return {
          ...made,
          app: {
            fetch: (request: Request) => {
              counts[request.method] = (counts[request.method] ?? 0) + 1;
              if (failing.has(service))
                return new Response('{"type":"about:blank","title":"Internal Server Error","status":500}', {
                  status: 500,
                  headers: { 'content-type': 'application/problem+json' },
                });
              return fetch(request as never);
            },
          },
        };
      };
    }
    const urlOverrides = Object.fromEntries(options.proxied.map((s) => [s, proxies[s]!.url]));
    const system = await startSystem({ config: { ...base, ports, urlOverrides }, factories });
    return {
      system,
      gateway: system.urls.gateway,
      apiKey: system.config.apiKeys[0]!.key,
      gatewayService: gatewayService!,
      proxies,
      received,
      failing: (service, on) => void (on ? failing.add(service) : failing.delete(service)),
      async stop() {
        await system.stop();
        await Promise.all(Object.values(proxies).map((p) => p.close()));
      },
    };
  } catch (error) {
    await Promise.all(Object.values(proxies).map((p) => p.close()));
    throw error;
  }
}

/** All requests that reached a proxied service. */
export const total = (counts: Record<string, number> | undefined): number => Object.values(counts ?? {}).reduce((a, b) => a + b, 0);
