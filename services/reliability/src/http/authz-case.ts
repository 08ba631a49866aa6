/**
 * `http.authz`: one shipper against another's data. The development account schedules a
 * delivery through the gateway; the other seeded account (its own valid token) then reads,
 * changes and cancels it, its delivery, package and events, through the gateway and, acting
 * through the gateway's identity, on the internal services. And read-only and unknown fields
 * sent in bodies are never stored: every write is read back.
 */
import { randomUUID } from 'node:crypto';
import { DEV_ACCOUNT_ID, OTHER_ACCOUNT_ID } from '@drone-delivery/platform';
import type { CaseContext, CaseResult, ReliabilityCase } from '../battery.ts';
import { sleep } from '../support/process.ts';
import { acquireSystem, releaseSystem, type HttpSystem } from './system-child.ts';

const VERSION = 'api-version=2026-09-01';

interface Answer {
  status: number;
  etag: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: bodies of several resources, read field by field
  body: any;
}

async function call(base: string, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      accept: 'application/json, application/problem+json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {}
  return { status: response.status, etag: response.headers.get('etag'), body: parsed };
}

const scheduleBody = (accountId: string) => ({
  accountId,
  pickup: { label: 'Fabrikam depot', point: { lat: 47.6205, lon: -122.3493 } },
  dropoff: { label: 'Customer', point: { lat: 47.615, lon: -122.335 } },
  pickupWindow: { start: new Date(Date.now() + 30 * 60_000).toISOString(), end: new Date(Date.now() + 90 * 60_000).toISOString() },
  package: { size: 'small', weightKg: 1.5 },
  priority: 'express',
});

/** Fields a client may not set: what the server assigns, and names no contract has. */
const FORGED = {
  id: '00000000-0000-4000-8000-00000000f0f0',
  status: 'cancelled',
  state: 'succeeded',
  createdAt: '2000-01-01T00:00:00Z',
  updatedAt: '2000-01-01T00:00:00Z',
  deliveryId: '00000000-0000-4000-8000-00000000d0d0',
  isAdmin: true,
  unknownField: 'stored?',
};

/** The names of `FORGED` a resource shows with the forged value. */
function forgedIn(resource: unknown): string[] {
  if (typeof resource !== 'object' || resource === null) return [];
  const r = resource as Record<string, unknown>;
  return Object.entries(FORGED)
    .filter(([k, v]) => r[k] === v)
    .map(([k]) => k);
}

async function schedule(system: HttpSystem, key: string): Promise<{ id: string; deliveryId: string }> {
  const accepted = await call(
    system.urls.gateway,
    'POST',
    `/delivery-requests?${VERSION}`,
    { 'x-api-key': key, 'idempotency-key': randomUUID() },
    scheduleBody(DEV_ACCOUNT_ID),
  );
  if (accepted.status !== 202) throw new Error(`scheduling answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
  const id = accepted.body.deliveryRequestId as string;
  for (let i = 0; i < 400; i++) {
    const status = await call(system.urls.gateway, 'GET', `/delivery-requests/${id}/status?${VERSION}`, { 'x-api-key': key });
    if (status.body?.state === 'succeeded') return { id, deliveryId: status.body.deliveryId };
    if (status.body?.state === 'failed') throw new Error(`scheduling failed: ${status.body.failureReason}`);
    await sleep(50);
  }
  throw new Error('scheduling did not finish within 20 s');
}

export const authzCase: ReliabilityCase = {
  id: 'http.authz',
  area: 'http',
  // Timing bounds and one shared system: never beside another case.
  exclusive: true,
  promise:
    "Another account's delivery requests, deliveries, packages, subscriptions and events answer 403 or 404 (never 2xx), through the gateway and on the internal services; read-only and unknown fields sent in POST, PUT and PATCH bodies are never stored.",
  needs: [],
  limit: { ci: 120, full: 120 },
  async run(ctx: CaseContext): Promise<CaseResult> {
    const system = await acquireSystem();
    const failures: string[] = [];
    let tried = 0;
    let refused = 0;
    const statuses: Record<string, number> = {};
    try {
      const key = system.config.apiKeys[0]!.key;
      const mine = { 'x-api-key': key };
      const { id, deliveryId } = await schedule(system, key);
      const gw = system.urls.gateway;
      const overview = await call(gw, 'GET', `/deliveries/${deliveryId}/overview?${VERSION}`, mine);
      const packageId = overview.body?.delivery?.packageId as string | undefined;
      const request = await call(gw, 'GET', `/delivery-requests/${id}?${VERSION}`, mine);
      const subscription = await call(
        gw,
        'POST',
        `/deliveries/${deliveryId}/notification-subscriptions?${VERSION}`,
        { ...mine, 'idempotency-key': randomUUID() },
        {
          channel: 'email',
          email: 'shipper@dronedelivery.invalid',
        },
      );
      const ownPackage = { authorization: `Bearer ${await system.serviceToken('gateway', 'package', DEV_ACCOUNT_ID)}` };
      const pkg = packageId ? await call(system.urls.package, 'GET', `/v1/packages/${packageId}`, ownPackage) : undefined;
      const ownHistory = { authorization: `Bearer ${await system.serviceToken('gateway', 'delivery-history', DEV_ACCOUNT_ID)}` };
      const events = await call(system.urls['delivery-history'], 'GET', `/v1/deliveries/${deliveryId}/events`, ownHistory);
      const eventId = (events.body?.items?.[0]?.id as string | undefined) ?? randomUUID();
      ctx.log(`scheduled ${id} (delivery ${deliveryId}, package ${packageId}); subscription ${subscription.status}`);
      const subscriptionId = (subscription.body?.id as string | undefined) ?? randomUUID();
      if (subscription.status !== 201)
        failures.push(
          `the owner's subscription answered ${subscription.status} (${JSON.stringify(subscription.body)}), so others' access to it was not tried`,
        );
      if (!events.body?.items?.length) failures.push("the delivery had no events yet, so others' access to one was not tried");
      // The other account knows the ETags (the strongest guess it can make).
      const etag = request.etag ?? '"unknown"';
      const subscriptionEtag = subscription.etag ?? '"unknown"';
      const packageEtag = pkg?.etag ?? '"unknown"';

      // The other account, with its own valid credentials.
      const other = { authorization: `Bearer ${await system.shipperToken(OTHER_ACCOUNT_ID)}` };
      const asOther = (service: Parameters<HttpSystem['serviceToken']>[1]) =>
        system.serviceToken('gateway', service, OTHER_ACCOUNT_ID).then((t) => ({ authorization: `Bearer ${t}` }));
      const attempts: [string, string, string, Record<string, string>, unknown?][] = [
        [gw, 'GET', `/delivery-requests/${id}?${VERSION}`, other],
        [gw, 'GET', `/delivery-requests/${id}/status?${VERSION}`, other],
        [gw, 'PUT', `/delivery-requests/${id}?${VERSION}`, { ...other, 'if-match': etag }, scheduleBody(OTHER_ACCOUNT_ID)],
        [gw, 'PUT', `/delivery-requests/${id}?${VERSION}`, { ...other, 'if-match': etag }, scheduleBody(DEV_ACCOUNT_ID)],
        [
          gw,
          'PATCH',
          `/delivery-requests/${id}?${VERSION}`,
          { ...other, 'if-match': etag, 'content-type': 'application/merge-patch+json' },
          { notes: 'mine now' },
        ],
        [gw, 'DELETE', `/delivery-requests/${id}?${VERSION}`, { ...other, 'if-match': etag }],
        [gw, 'GET', `/deliveries/${deliveryId}/status?${VERSION}`, other],
        [gw, 'GET', `/deliveries/${deliveryId}/overview?${VERSION}`, other],
        [
          gw,
          'POST',
          `/deliveries/${deliveryId}/notification-subscriptions?${VERSION}`,
          { ...other, 'idempotency-key': randomUUID() },
          { channel: 'email', email: 'other@dronedelivery.invalid' },
        ],
        [gw, 'GET', `/deliveries/${deliveryId}/notification-subscriptions/${subscriptionId}?${VERSION}`, other],
        [
          gw,
          'DELETE',
          `/deliveries/${deliveryId}/notification-subscriptions/${subscriptionId}?${VERSION}`,
          { ...other, 'if-match': subscriptionEtag },
        ],
        [system.urls['delivery-scheduler'], 'GET', `/delivery-requests/${id}?${VERSION}`, await asOther('delivery-scheduler')],
        [system.urls.delivery, 'GET', `/deliveries/${deliveryId}/status?${VERSION}`, await asOther('delivery')],
        [system.urls['delivery-history'], 'GET', `/v1/deliveries/${deliveryId}/events/${eventId}`, await asOther('delivery-history')],
        ...(packageId
          ? ([
              [system.urls.package, 'GET', `/v1/packages/${packageId}`, await asOther('package')],
              [
                system.urls.package,
                'PATCH',
                `/v1/packages/${packageId}`,
                { ...(await asOther('package')), 'if-match': packageEtag, 'content-type': 'application/merge-patch+json' },
                { weightKg: 2 },
              ],
              [system.urls.package, 'DELETE', `/v1/packages/${packageId}`, { ...(await asOther('package')), 'if-match': packageEtag }],
            ] as [string, string, string, Record<string, string>, unknown?][])
          : []),
      ];
      if (!packageId) failures.push('the overview named no package, so the package service was not tried');
      // A collection answers the other account with an empty page (its deliveries' existence is not revealed).
      const otherEvents = await call(
        system.urls['delivery-history'],
        'GET',
        `/v1/deliveries/${deliveryId}/events`,
        await asOther('delivery-history'),
      );
      tried++;
      if (otherEvents.status === 200 && otherEvents.body?.items?.length === 0) refused++;
      else if (otherEvents.status !== 403 && otherEvents.status !== 404)
        failures.push(
          `delivery-history GET /v1/deliveries/{id}/events as the other account answered ${otherEvents.status} with ${otherEvents.body?.items?.length} events`,
        );
      for (const [base, method, path, headers, body] of attempts) {
        const answer = await call(base, method, path, headers, body);
        tried++;
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const service = Object.entries(system.urls).find(([, url]) => url === base)![0];
        if (answer.status === 403 || answer.status === 404) refused++;
        else failures.push(`${service} ${method} ${path.split('?')[0]} as the other account answered ${answer.status}`);
        if (answer.status === 400) ctx.log(`${service} ${method} ${path}: ${JSON.stringify(answer.body)}`);
      }
      const after = await call(gw, 'GET', `/delivery-requests/${id}?${VERSION}`, mine);
      if (after.body?.status !== request.body?.status || after.body?.notes !== request.body?.notes)
        failures.push(
          `the other account's attempts changed the delivery request: ${JSON.stringify(request.body)} → ${JSON.stringify(after.body)}`,
        );

      // Read-only and unknown fields in bodies, from the owner.
      const writes: { what: string; key: string; answer: Answer; readBack: () => Promise<Answer> }[] = [];
      const post = await call(
        gw,
        'POST',
        `/delivery-requests?${VERSION}`,
        { ...mine, 'idempotency-key': randomUUID() },
        { ...scheduleBody(DEV_ACCOUNT_ID), ...FORGED },
      );
      writes.push({
        what: 'POST /delivery-requests',
        key: 'forgedPost',
        answer: post,
        readBack: () => call(gw, 'GET', `/delivery-requests/${post.body?.deliveryRequestId ?? FORGED.id}?${VERSION}`, mine),
      });
      const foreign = await call(
        gw,
        'POST',
        `/delivery-requests?${VERSION}`,
        { ...mine, 'idempotency-key': randomUUID() },
        scheduleBody(OTHER_ACCOUNT_ID),
      );
      if (foreign.status < 400) failures.push(`scheduling for another account (accountId in the body) answered ${foreign.status}`);
      const patch = await call(
        gw,
        'PATCH',
        `/delivery-requests/${id}?${VERSION}`,
        { ...mine, 'if-match': after.etag ?? '"unknown"', 'content-type': 'application/merge-patch+json' },
        { notes: 'patched', ...FORGED },
      );
      writes.push({
        what: 'PATCH /delivery-requests/{id}',
        key: 'forgedPatch',
        answer: patch,
        readBack: () => call(gw, 'GET', `/delivery-requests/${id}?${VERSION}`, mine),
      });
      const put = await call(
        gw,
        'PUT',
        `/delivery-requests/${id}?${VERSION}`,
        { ...mine, 'if-match': after.etag ?? '"unknown"' },
        { ...scheduleBody(DEV_ACCOUNT_ID), ...FORGED },
      );
      writes.push({
        what: 'PUT /delivery-requests/{id}',
        key: 'forgedPut',
        answer: put,
        readBack: () => call(gw, 'GET', `/delivery-requests/${id}?${VERSION}`, mine),
      });
      if (packageId) {
        const patched = await call(
          system.urls.package,
          'PATCH',
          `/v1/packages/${packageId}`,
          { ...ownPackage, 'if-match': packageEtag, 'content-type': 'application/merge-patch+json' },
          { ...FORGED },
        );
        writes.push({
          what: 'PATCH /v1/packages/{id}',
          key: 'forgedPackagePatch',
          answer: patched,
          readBack: () => call(system.urls.package, 'GET', `/v1/packages/${packageId}`, ownPackage),
        });
      }
      const written: Record<string, string> = {};
      for (const write of writes) {
        written[write.key] = String(write.answer.status);
        ctx.log(`${write.what} with read-only and unknown fields: ${write.answer.status} ${write.answer.body?.detail ?? ''}`);
        const shown = [...forgedIn(write.answer.body), ...forgedIn((await write.readBack()).body)];
        if (write.answer.status >= 500) failures.push(`${write.what} with read-only and unknown fields answered ${write.answer.status}`);
        if (shown.length > 0) failures.push(`${write.what} stored fields a client may not set: ${[...new Set(shown)].join(', ')}`);
      }
      const exit = system.exit();
      if (exit !== undefined) failures.push(`the system exited (${exit})`);
      return {
        ok: failures.length === 0,
        figures: {
          crossAccountTried: tried,
          refused,
          ...Object.fromEntries(Object.entries(statuses).map(([s, n]) => [`s${s}`, n])),
          forgedWrites: writes.length,
          ...written,
          foreignSchedule: foreign.status,
        },
        ...(failures.length ? { failures } : {}),
      };
    } finally {
      await releaseSystem({ now: ctx.signal.aborted });
    }
  },
};
