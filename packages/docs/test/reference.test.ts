import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadIR, type ApiIR, type MessagingApiIR } from '@apilife/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { anchor, renderAsyncApiReference, renderOpenApiReference, type Reference, type ReferenceContext } from '../src/index.ts';

const CONTRACTS = fileURLToPath(new URL('../../../contracts', import.meta.url));
const FILES = readdirSync(CONTRACTS, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !d.name.startsWith('_'))
  .flatMap((d) =>
    ['openapi.yaml', 'asyncapi.yaml'].filter((f) => readdirSync(`${CONTRACTS}/${d.name}`).includes(f)).map((f) => `${d.name}/${f}`),
  )
  .sort();

/** A context with one consumer on `scheduleDelivery` and `publishDeliveryEvents`, sources for the contracts' own files. */
function contextFor(path: string): ReferenceContext {
  return {
    today: '2027-07-01',
    pageHref: `apis/${path.replace(/\.yaml$/, '.html')}`,
    consumers: (id) =>
      id === 'scheduleDelivery' || id === 'publishDeliveryEvents'
        ? [
            {
              consumer: 'shipper-portal',
              source: 'pacts/shipper-portal-gateway.json',
              interactions: ['a request to schedule an express delivery'],
            },
          ]
        : [],
    source: (origin) => (origin.file.endsWith(path) ? `../../files/${path}.html#L1` : undefined),
  };
}

type Loaded = { path: string; ctx: ReferenceContext; reference: Reference } & (
  | { kind: 'openapi'; api: ApiIR }
  | { kind: 'asyncapi'; messaging: MessagingApiIR }
);

const loaded = new Map<string, Loaded>();

beforeAll(async () => {
  for (const path of FILES) {
    const ir = await loadIR(`${CONTRACTS}/${path}`, { root: CONTRACTS });
    const ctx = contextFor(path);
    loaded.set(
      path,
      ir.kind === 'openapi'
        ? { path, ctx, kind: 'openapi', api: ir.api, reference: renderOpenApiReference(ir.api, ctx) }
        : { path, ctx, kind: 'asyncapi', messaging: ir.messaging, reference: renderAsyncApiReference(ir.messaging, ctx) },
    );
  }
});

function get(path: string): Loaded {
  const l = loaded.get(path);
  if (!l) throw new Error(`${path} not loaded`);
  return l;
}

/** The markup of the section with `id` (up to its closing tag; sections of operations, channels and messages do not nest). */
function sectionOf(markup: string, id: string): string {
  const start = markup.indexOf(`id="${id}"`);
  expect(start, `no element with id ${id}`).toBeGreaterThan(-1);
  return markup.slice(start, markup.indexOf('</section>', start));
}

function ids(markup: string): string[] {
  return [...markup.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);
}

/** What a reference must have anchors and search entries for: operations, channels, messages, schemas. */
function expectedAnchors(l: Loaded): { kind: string; id: string }[] {
  const schemas = (l.kind === 'openapi' ? l.api : l.messaging).schemas.map((s) => ({ kind: 'schema', id: anchor('schema', s.name) }));
  if (l.kind === 'openapi') return [...l.api.operations.map((o) => ({ kind: 'operation', id: anchor('op', o.operationId) })), ...schemas];
  const m = l.messaging;
  return [
    ...m.operations.map((o) => ({ kind: 'operation', id: anchor('op', o.operationId) })),
    ...m.channels.map((c) => ({ kind: 'channel', id: anchor('channel', c.key) })),
    ...m.messages.map((x) => ({ kind: 'message', id: anchor('message', x.key) })),
    ...schemas,
  ];
}

describe.each(FILES)('the reference of %s', (path) => {
  it('has a section for every operation, channel, message and schema, with unique anchors', () => {
    const l = get(path);
    const markup = l.reference.body.value;
    const all = ids(markup);
    expect(new Set(all).size, 'duplicate ids').toBe(all.length);
    for (const { id } of expectedAnchors(l)) expect(all).toContain(id);
  });

  it('links only to anchors of the page (schemas, successors, channels, messages, security schemes)', () => {
    const markup = get(path).reference.body.value;
    const all = new Set(ids(markup));
    const fragments = [...markup.matchAll(/href="#([^"]*)"/g)].map((m) => m[1]!);
    expect(fragments.length).toBeGreaterThan(0);
    for (const f of fragments) expect(all, `#${f}`).toContain(f);
  });

  it('has a search entry for every operation, channel, message and schema, pointing into the page', () => {
    const l = get(path);
    const entries = new Map(l.reference.search.map((e) => [e.href, e]));
    for (const { kind, id } of expectedAnchors(l)) {
      const entry = entries.get(`${l.ctx.pageHref}#${id}`);
      expect(entry, `${kind} ${id}`).toBeDefined();
      expect(entry!.kind).toBe(kind);
      expect(entry!.api).toBe(l.kind === 'openapi' ? l.api.title : l.messaging.title);
    }
    expect(l.reference.search).toHaveLength(expectedAnchors(l).length);
  });

  it('has a side navigation entry for every operation, deprecated ones marked', () => {
    const l = get(path);
    const items = l.reference.nav.flatMap((g) => g.items);
    const ops = l.kind === 'openapi' ? l.api.operations : l.messaging.operations;
    for (const op of ops) {
      const item = items.find((i) => i.href === `#${anchor('op', op.operationId)}`);
      expect(item, op.operationId).toBeDefined();
      expect(item!.deprecated ?? false).toBe(op.lifecycle.deprecated);
      expect(item!.tag).toBe('method' in op ? op.method : op.action);
    }
  });

  it('is the same bytes when rendered again', () => {
    const l = get(path);
    const again = l.kind === 'openapi' ? renderOpenApiReference(l.api, l.ctx) : renderAsyncApiReference(l.messaging, l.ctx);
    expect(again.body.value).toBe(l.reference.body.value);
    expect(JSON.stringify(again.search)).toBe(JSON.stringify(l.reference.search));
  });
});

describe('the reference of the gateway', () => {
  it('groups operations by first tag in the order of the document tags', () => {
    const { reference } = get('gateway/openapi.yaml');
    expect(reference.nav.map((g) => g.title)).toEqual(['Delivery requests', 'Notifications', 'Tracking', 'Schemas']);
    const markup = reference.body.value;
    const order = ['tag-Delivery-requests', 'tag-Notifications', 'tag-Tracking', 'ref-schemas'].map((id) => markup.indexOf(`id="${id}"`));
    expect(order.every((at, i) => at > -1 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });

  it('shows a deprecated operation with its badge, sunset (overdue on the day after) and successor link', () => {
    const markup = get('gateway/openapi.yaml').reference.body.value;
    expect(markup).toContain('<section class="operation deprecated" id="op-replaceDeliveryRequest"');
    const section = sectionOf(markup, 'op-replaceDeliveryRequest');
    expect(section).toContain('badge-deprecated');
    expect(section).toContain('Sunset 2027-06-30 · overdue');
    expect(section).toContain('href="#op-updateDeliveryRequest"');
    expect(section).toContain('<span class="method method-put">PUT</span>');
  });

  it('shows a retired operation as retired', () => {
    const section = sectionOf(get('gateway/openapi.yaml').reference.body.value, 'op-getDeliveryLocation');
    expect(section).toContain('badge-retired');
    expect(section).toContain('<code>410 Gone</code>');
  });

  it('shows consumers from the context, and says when no pact uses an operation', () => {
    const markup = get('gateway/openapi.yaml').reference.body.value;
    const used = sectionOf(markup, 'op-scheduleDelivery');
    expect(used).toContain('<span class="consumer-name">shipper-portal</span>');
    expect(used).toContain('pacts/shipper-portal-gateway.json');
    expect(used).toContain('a request to schedule an express delivery');
    expect(sectionOf(markup, 'op-getDeliveryRequest')).toContain('No pact uses this operation.');
  });

  it('shows pattern, interaction style, idempotency key, rate limit, security, source, parameters, bodies and examples', () => {
    const section = sectionOf(get('gateway/openapi.yaml').reference.body.value, 'op-scheduleDelivery');
    for (const want of [
      '<span class="fact-value">gateway</span>',
      '<span class="fact-value">async-request-response</span>',
      '<code>Idempotency-Key</code>',
      'Rate limited.',
      'href="#security-ApiKeyAuth"',
      'href="../../files/gateway/openapi.yaml.html#L1"',
      '<code class="prop-name">api-version</code>',
      'href="#schema-ScheduleDeliveryRequest"',
      '<span class="status">202</span>',
      '<caption>Headers</caption>',
      '<code class="prop-name">RateLimit-Limit</code>',
      '<pre class="code"><code>{\n  &quot;accountId&quot;',
    ]) {
      expect(section).toContain(want);
    }
  });

  it('renders the info description as Markdown', () => {
    const markup = get('gateway/openapi.yaml').reference.body.value;
    expect(markup).toContain('<li><strong>Routing</strong> (<code>x-pattern: gateway</code>)');
  });
});

describe('the reference of an AsyncAPI contract', () => {
  it('shows an operation with its action, channel, pattern, reply and consumers', () => {
    const drone = sectionOf(get('drone-management/asyncapi.yaml').reference.body.value, 'op-receiveDroneAssignmentRequest');
    expect(drone).toContain('<span class="method method-receive">RECEIVE</span>');
    expect(drone).toContain('href="#channel-droneAssignmentRequests"');
    expect(drone).toContain('<h4>Reply</h4>');
    expect(drone).toContain('href="#channel-droneAssignmentReplies"');
    expect(drone).toContain('href="#message-DroneAssignmentReplied"');
    expect(drone).toContain('No pact uses this operation.');
    const delivery = sectionOf(get('delivery/asyncapi.yaml').reference.body.value, 'op-publishDeliveryEvents');
    expect(delivery).toContain('<span class="fact-value">choreography</span>');
    expect(delivery).toContain('<span class="consumer-name">shipper-portal</span>');
  });

  it('shows a message with its CloudEvents type, headers, payload and example', () => {
    const section = sectionOf(get('delivery/asyncapi.yaml').reference.body.value, 'message-DeliveryCreated');
    expect(section).toContain('io.dronedelivery.delivery.created.v1');
    expect(section).toContain('<summary>Headers</summary>');
    expect(section).toContain('<h4>Payload</h4>');
    expect(section).toContain('Example payload');
  });

  it('shows a channel with its address, parameters, bindings and operations', () => {
    const markup = get('delivery/asyncapi.yaml').reference.body.value;
    expect(sectionOf(markup, 'channel-deliveryEvents')).toContain('<code class="prop-name">deliveryId</code>');
    const queue = sectionOf(markup, 'channel-notificationCommands');
    expect(queue).toContain('<code class="op-path">notifications.send</code>');
    expect(queue).toContain('<dt>amqp</dt>');
    expect(queue).toContain('href="#op-sendNotification"');
  });

  it('gives search details as action, address and summary', () => {
    const entry = get('delivery/asyncapi.yaml').reference.search.find((e) => e.title === 'publishDeliveryEvents');
    expect(entry?.detail).toBe("send delivery.{deliveryId}.events · Publish every change of a delivery's business state.");
  });
});
