import { randomUUID } from 'node:crypto';
import { DEV_ACCOUNT_ID, systemConfig } from '@drone-delivery/platform';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type RunningSystem } from '../src/system.ts';
import { freePorts, http, scheduleBody } from './helpers.ts';

/**
 * A shipper follows every link the system gives it, as it is: `Location` of the status resource
 * and of a subscription, `resourceLocation`, the `Link` to the successor of a deprecated or retired
 * operation and the `successor` of a 410. Each resolves through the gateway (no 400 for a missing
 * `api-version`, no 404 for a route the gateway does not have).
 */
describe('links the system gives', () => {
  let system: RunningSystem;
  let key: string;

  beforeAll(async () => {
    // Drones wait two real minutes before take-off: the delivery can still be changed and cancelled.
    const base = systemConfig({}, { timeScale: 1 });
    system = await startSystem({ config: { ...base, ports: freePorts(base) } });
    key = system.config.apiKeys[0]!.key;
  });
  afterAll(async () => {
    await system?.stop();
  });

  /** A request to a link as the system gave it (relative to the gateway), with the shipper's key and nothing added. */
  async function send(link: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json', 'x-api-key': key, ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(new URL(link, system.urls.gateway), {
      method: init.method ?? 'GET',
      headers,
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    const text = await response.text();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as any };
  }
  /** The target of `Link: <…>; rel="successor-version"`. */
  const successorOf = (headers: Headers) => /^<([^>]+)>; rel="successor-version"$/.exec(headers.get('link') ?? '')?.[1];
  /** Follows a status link until the operation is over. */
  async function settled(link: string) {
    const until = Date.now() + 30_000;
    for (;;) {
      const status = await send(link);
      expect(status.status, `GET ${link}: ${JSON.stringify(status.body)}`).toBe(200);
      if (!['accepted', 'running'].includes(status.body.state) || Date.now() > until) return status.body;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  it('every one resolves through the gateway', async () => {
    const followed: [string, string, number][] = [];
    const follow = async (what: string, link: string | undefined, want = 200) => {
      expect(link, `${what}: no link`).toBeDefined();
      const res = await send(link!);
      followed.push([what, link!, res.status]);
      expect(res.status, `${what}: GET ${link} answered ${res.status} ${JSON.stringify(res.body)}`).toBe(want);
      return res;
    };

    const accepted = await http(system.urls.gateway, 'POST', '/delivery-requests', {
      key,
      headers: { 'idempotency-key': randomUUID() },
      body: scheduleBody(DEV_ACCOUNT_ID),
    });
    expect(accepted.status).toBe(202);
    await follow('Location of scheduleDelivery', accepted.headers.get('location')!);
    const done = await settled(accepted.headers.get('location')!);
    expect(done.state).toBe('succeeded');
    const request = await follow('resourceLocation of the status', done.resourceLocation);

    // The deprecated PUT, on the resource as linked: its successor link.
    const replaced = await send(done.resourceLocation, {
      method: 'PUT',
      headers: { 'if-match': request.headers.get('etag')! },
      body: scheduleBody(DEV_ACCOUNT_ID),
    });
    expect([replaced.status, replaced.headers.get('deprecation')]).toEqual([200, `@${Date.UTC(2026, 8, 1) / 1000}`]);
    await follow('Link of replaceDeliveryRequest', successorOf(replaced.headers));

    // The v1 status route (no api-version) and the retired location route: their successor links.
    const v1 = await send(`/delivery-status/${done.deliveryId}`);
    expect([v1.status, v1.body.id]).toEqual([200, done.deliveryId]);
    await follow('Link of getDeliveryStatusV1', successorOf(v1.headers));
    const gone = await send(`/deliveries/${done.deliveryId}/location`);
    expect(gone.status).toBe(410);
    await follow('Link of getDeliveryLocation (retired)', successorOf(gone.headers));
    await follow('successor of the 410 problem', gone.body.successor);

    const subscribed = await http(system.urls.gateway, 'POST', `/deliveries/${done.deliveryId}/notification-subscriptions`, {
      key,
      headers: { 'idempotency-key': randomUUID() },
      body: { channel: 'email', email: 'shipper@example.com' },
    });
    expect(subscribed.status).toBe(201);
    await follow('Location of createNotificationSubscription', subscribed.headers.get('location')!);

    const cancelling = await send(done.resourceLocation, { method: 'DELETE', headers: { 'if-match': replaced.headers.get('etag')! } });
    expect(cancelling.status, JSON.stringify(cancelling.body)).toBe(202);
    await follow('Location of cancelDeliveryRequest', cancelling.headers.get('location')!);

    expect(followed.map(([what]) => what)).toHaveLength(8);
  });
});
