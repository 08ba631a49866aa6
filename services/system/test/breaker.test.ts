import { DEV_ACCOUNT_ID, systemConfig, type ServiceDeps } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACTORIES, startSystem, type RunningSystem } from '../src/system.ts';
import { freePorts, http, scheduleAndWait, waitForStage } from './helpers.ts';

/**
 * Upstream failures seen from the gateway, with the real services: a failing Delivery History
 * degrades the composed overview; a failing Delivery trips the gateway's breaker, after which
 * callers get a fast 503 problem and the failing service is not called at all.
 */
describe('the gateway in front of failing services', () => {
  let system: RunningSystem;
  const broken = { delivery: false, history: false };
  const calls = { delivery: 0 };
  /** A service that answers 500 while its switch is on. */
  const switchable = (name: 'delivery' | 'delivery-history', on: () => boolean, count?: () => void) => async (deps: ServiceDeps) => {
    const service = await FACTORIES[name](deps);
    const fetch = service.app.fetch.bind(service.app);
    return {
      ...service,
      app: {
        fetch: (request: Request) => {
          count?.();
          return on()
            ? new Response('{"type":"about:blank","title":"Internal Server Error","status":500}', {
                status: 500,
                headers: { 'content-type': 'application/problem+json' },
              })
            : fetch(request as never);
        },
      },
    };
  };

  beforeAll(async () => {
    const base = systemConfig({}, { timeScale: 3000 });
    system = await startSystem({
      config: { ...base, ports: freePorts(base) },
      factories: {
        delivery: switchable(
          'delivery',
          () => broken.delivery,
          () => calls.delivery++,
        ),
        'delivery-history': switchable('delivery-history', () => broken.history),
      },
    });
  });
  afterAll(() => system?.stop());

  it('a failing history degrades the overview; a failing delivery opens the breaker and callers get a fast 503', async () => {
    const key = system.config.apiKeys[0]!.key;
    const gateway = system.urls.gateway;
    const operation = await scheduleAndWait(gateway, key, DEV_ACCOUNT_ID);
    await waitForStage(gateway, key, operation.deliveryId, 'delivered');

    broken.history = true;
    const degraded = await http(gateway, 'GET', `/deliveries/${operation.deliveryId}/overview`, { key });
    expect(degraded.status).toBe(200);
    expect(degraded.body).toMatchObject({ delivery: { id: operation.deliveryId }, history: [], degraded: ['history'] });
    broken.history = false;

    broken.delivery = true;
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await http(gateway, 'GET', `/deliveries/${operation.deliveryId}/status`, { key })).status);
    // The upstream's own 500s pass through until the breaker opens; from then on, 503.
    const opened = statuses.indexOf(503);
    expect(opened).toBeGreaterThan(0);
    expect(statuses.slice(0, opened).every((s) => s === 500)).toBe(true);
    expect(statuses.slice(opened).every((s) => s === 503)).toBe(true);
    const before = calls.delivery;
    const fast = await http(gateway, 'GET', `/deliveries/${operation.deliveryId}/status`, { key });
    expect(fast.status).toBe(503);
    expect(fast.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(Number(fast.headers.get('retry-after'))).toBeGreaterThan(0);
    // The breaker answered: the failing service was not called for it.
    expect(calls.delivery).toBe(before);
  });
});
