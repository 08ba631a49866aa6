import { Hono } from 'hono';
import { bearerAuth, type BrokerAuth } from './auth.ts';
import { BrokerError, problem } from './problem.ts';
import { bodySizeLimit, isBodyParseError, jsonBodyCheck, urlSanity, type RequestLimits } from './request-limits.ts';
import type { Db } from './store/db.ts';
import { environmentRoutes } from './routes/environments.ts';
import { forVerificationRoutes } from './routes/for-verification.ts';
import { indexRoutes } from './routes/index-resource.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { pacticipantRoutes } from './routes/pacticipants.ts';
import { pactRoutes } from './routes/pacts.ts';
import { publishRoutes } from './routes/publish.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { webhookSettings, type WebhookOptions, type WebhookSettings } from './webhooks/settings.ts';

/** Something that happened in the broker that others react to (webhooks). */
export type BrokerEvent = {
  type: 'contract_requiring_verification_published';
  consumer: string;
  consumerVersion: string;
  provider: string;
  sha: string;
};

/** What every route module gets. */
export interface BrokerDeps {
  db: Db;
  /** The clock (tests pin it). */
  now: () => Date;
  /**
   * Tells the broker's listeners what happened, after the change is committed (its webhook
   * executions were queued in the change's own transaction; this starts their delivery).
   */
  emit: (event: BrokerEvent) => void;
  /** Where webhooks may point, and how they are delivered. */
  webhooks: WebhookSettings;
}

export interface BrokerAppOptions {
  db: Db;
  now?: () => Date;
  /** The broker's public origin for hrefs; by default the origin each request came to. */
  baseUrl?: string;
  emit?: (event: BrokerEvent) => void;
  /** Bearer tokens; none means an open broker (which `startBroker` serves on loopback only). */
  auth?: BrokerAuth;
  /** Body size (default 10 MiB), JSON depth and URL length. */
  limits?: RequestLimits;
  /** The webhook target allow-list (default: none allowed) and delivery settings. */
  webhooks?: WebhookOptions;
}

export type BrokerEnv = { Variables: { baseUrl: string | undefined } };
export type BrokerApp = Hono<BrokerEnv>;

/**
 * The Pact-Broker-compatible HTTP API over a migrated store. Each resource family is one module
 * under `routes/`; errors are problem bodies with the Pact Broker's `errors`/`notices`, and an
 * unexpected failure is a 500 with no detail (the cause is logged, never sent).
 *
 * Before any route, in this order: the request target's sanity (length, encoding, no control
 * characters), the bearer token (so nothing of an unauthenticated request is read), the body size,
 * and a JSON body's syntax, depth and keys; a route sees only a request that passed all four.
 */
export function createBrokerApp(options: BrokerAppOptions): BrokerApp {
  const app: BrokerApp = new Hono<BrokerEnv>();
  const deps: BrokerDeps = {
    db: options.db,
    now: options.now ?? (() => new Date()),
    emit: options.emit ?? (() => {}),
    webhooks: webhookSettings(options.webhooks),
  };
  app.use(async (c, next) => {
    c.set('baseUrl', options.baseUrl);
    await next();
  });
  app.use(urlSanity(options.limits), bearerAuth(options.auth), bodySizeLimit(options.limits), jsonBodyCheck(options.limits));
  app.onError((error, c) => {
    if (error instanceof BrokerError) return problem(c, error.status, error.message, error.errors, error.notices);
    if (isBodyParseError(error, c)) return problem(c, 400, 'the body is not valid JSON', { body: ['is not valid JSON'] });
    console.error('apilife broker: unexpected error', error);
    return problem(c, 500, 'the broker failed to answer this request; see its log');
  });
  app.notFound((c) => problem(c, 404, `no resource at ${new URL(c.req.url).pathname}`));
  for (const routes of [
    indexRoutes,
    publishRoutes,
    pacticipantRoutes,
    pactRoutes,
    environmentRoutes,
    webhookRoutes,
    forVerificationRoutes,
    matrixRoutes,
  ])
    routes(app, deps);
  return app;
}
