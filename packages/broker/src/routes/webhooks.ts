import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { BrokerApp, BrokerDeps } from '../app.ts';
import { baseUrl, hal, seg } from '../hal.ts';
import { BrokerError } from '../problem.ts';
import { isValidName, parseWebhook, redactRequest, WEBHOOK_UUID } from '../webhooks/definition.ts';
import { deliver, renderRequest } from '../webhooks/deliver.ts';
import { readJson } from './request-body.ts';
import { latestPactFor, pactParameters } from '../webhooks/parameters.ts';
import {
  deleteWebhook,
  findWebhook,
  finishAttempt,
  insertExecution,
  listExecutions,
  listWebhooks,
  putWebhook,
  type StoredWebhook,
} from '../webhooks/store.ts';

type Scope = { consumer?: string; provider?: string };

const describeScope = (w: { consumer: string | null; provider: string | null }): string =>
  w.consumer && w.provider
    ? `A webhook for the pact between ${w.consumer} and ${w.provider}`
    : w.consumer
      ? `A webhook for all pacts with consumer ${w.consumer}`
      : w.provider
        ? `A webhook for all pacts with provider ${w.provider}`
        : 'A webhook for all pacts';

/** A webhook as the Pact Broker's API shows it (password and secret headers masked). */
function webhookBody(base: string, w: StoredWebhook): Record<string, unknown> {
  const self = `${base}/webhooks/${w.uuid}`;
  const description = w.description ?? describeScope(w);
  return {
    uuid: w.uuid,
    description,
    ...(w.consumer !== null ? { consumer: { name: w.consumer } } : {}),
    ...(w.provider !== null ? { provider: { name: w.provider } } : {}),
    enabled: w.enabled,
    request: redactRequest(w.request),
    events: w.events.map((name) => ({ name })),
    createdAt: w.createdAt,
    updatedAt: w.updatedAt,
    _links: {
      self: { href: self, title: description },
      'pb:execute': {
        href: `${self}/execute`,
        title: 'Test the execution of the webhook with the latest matching pact by sending a POST request to this URL',
      },
      'pb:executions': { href: `${self}/executions`, title: 'The executions of this webhook, newest first' },
      ...(w.consumer !== null
        ? { 'pb:consumer': { href: `${base}/pacticipants/${seg(w.consumer)}`, title: 'Consumer', name: w.consumer } }
        : {}),
      ...(w.provider !== null
        ? { 'pb:provider': { href: `${base}/pacticipants/${seg(w.provider)}`, title: 'Provider', name: w.provider } }
        : {}),
      ...(w.consumer !== null && w.provider !== null
        ? {
            'pb:pact-webhooks': {
              href: `${base}/webhooks/provider/${seg(w.provider)}/consumer/${seg(w.consumer)}`,
              title: `All webhooks for consumer ${w.consumer} and provider ${w.provider}`,
            },
          }
        : {}),
      'pb:webhooks': { href: `${base}/webhooks`, title: 'All webhooks' },
    },
  };
}

function scopeOf(c: Context): Scope {
  const scope: Scope = {};
  for (const role of ['consumer', 'provider'] as const) {
    const value = c.req.param(role);
    if (value === undefined) continue;
    if (!isValidName(value))
      throw new BrokerError(400, `the ${role} name is not valid`, { [role]: ['must be 1–255 characters, no control characters'] });
    scope[role] = value;
  }
  return scope;
}

function uuidOf(c: Context): string {
  const uuid = c.req.param('uuid') ?? '';
  if (!WEBHOOK_UUID.test(uuid)) throw new BrokerError(404, 'no webhook with this uuid');
  return uuid;
}

/**
 * The Pact Broker's webhook API: `GET/POST /webhooks` (and scoped to a provider, a consumer or
 * both), `GET/PUT/DELETE /webhooks/{uuid}` (PUT creates with that uuid, as `create-or-update-webhook`
 * does), `POST /webhooks/{uuid}/execute` (a test execution, answered with its outcome), and
 * `GET /webhooks/{uuid}/executions` (every execution with status, attempts and log).
 */
export function webhookRoutes(app: BrokerApp, deps: BrokerDeps): void {
  const list = async (c: Context) => {
    const scope = scopeOf(c);
    const base = baseUrl(c);
    const self = `${base}${new URL(c.req.url).pathname}`;
    const webhooks = await listWebhooks(deps.db, scope);
    return hal({
      _links: {
        self: { href: self, title: 'Webhooks' },
        'pb:create': { href: self, title: 'POST to create a webhook' },
        'pb:webhooks': webhooks.map((w) => ({
          href: `${base}/webhooks/${w.uuid}`,
          title: describeScope(w),
          name: w.description ?? describeScope(w),
        })),
      },
      _embedded: { webhooks: webhooks.map((w) => webhookBody(base, w)) },
    });
  };
  const create = async (c: Context) => {
    const definition = parseWebhook(await readJson(c), deps.webhooks, scopeOf(c));
    const { webhook } = await putWebhook(deps.db, randomUUID(), definition, deps.now());
    const body = webhookBody(baseUrl(c), webhook);
    const response = hal(body, 201);
    response.headers.set('Location', `${baseUrl(c)}/webhooks/${webhook.uuid}`);
    return response;
  };
  for (const path of [
    '/webhooks',
    '/webhooks/provider/:provider/consumer/:consumer',
    '/webhooks/provider/:provider',
    '/webhooks/consumer/:consumer',
  ]) {
    app.get(path, list);
    app.post(path, create);
  }

  app.get('/webhooks/:uuid', async (c) => {
    const webhook = await findWebhook(deps.db, uuidOf(c));
    if (!webhook) throw new BrokerError(404, 'no webhook with this uuid');
    return hal(webhookBody(baseUrl(c), webhook));
  });
  app.put('/webhooks/:uuid', async (c) => {
    const uuid = c.req.param('uuid');
    if (!WEBHOOK_UUID.test(uuid))
      throw new BrokerError(400, 'the webhook uuid is not valid', { uuid: ['must be 16–64 letters, digits, - or _'] });
    const { webhook, created } = await putWebhook(deps.db, uuid, parseWebhook(await readJson(c), deps.webhooks), deps.now());
    return hal(webhookBody(baseUrl(c), webhook), created ? 201 : 200);
  });
  app.delete('/webhooks/:uuid', async (c) => {
    if (!(await deleteWebhook(deps.db, uuidOf(c)))) throw new BrokerError(404, 'no webhook with this uuid');
    return c.body(null, 204);
  });

  app.post('/webhooks/:uuid/execute', async (c) => {
    const webhook = await findWebhook(deps.db, uuidOf(c));
    if (!webhook) throw new BrokerError(404, 'no webhook with this uuid');
    const base = baseUrl(c);
    const eventName = webhook.events[0]!;
    const params = await pactParameters(deps.db, await latestPactFor(deps.db, webhook), eventName, base);
    const uuid = await insertExecution(deps.db, { webhookUuid: webhook.uuid, eventName, trigger: 'test', context: params, running: true });
    const request = renderRequest(webhook.request, params);
    const result = await deliver(request, deps.webhooks, deps.now());
    await finishAttempt(deps.db, uuid, {
      status: result.success ? 'success' : 'failure',
      responseStatus: result.status,
      logs: result.logs,
    });
    const self = `${base}/webhooks/${webhook.uuid}`;
    return hal({
      request: {
        method: request.method,
        url: request.url,
        headers: redactRequest({ ...webhook.request, headers: request.headers }).headers,
      },
      response: result.status === null ? null : { status: result.status },
      logs: result.logs,
      success: result.success,
      _links: { webhook: { href: self }, 'try-again': { href: `${self}/execute`, title: 'Execute the webhook again' } },
    });
  });

  app.get('/webhooks/:uuid/executions', async (c) => {
    const webhook = await findWebhook(deps.db, uuidOf(c));
    if (!webhook) throw new BrokerError(404, 'no webhook with this uuid');
    const self = `${baseUrl(c)}/webhooks/${webhook.uuid}`;
    return hal({
      _embedded: { executions: await listExecutions(deps.db, webhook.uuid) },
      _links: { self: { href: `${self}/executions` }, webhook: { href: self } },
    });
  });
}
