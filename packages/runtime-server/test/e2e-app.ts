import { Hono } from 'hono';
import {
  deprecated,
  deprecationHeaders,
  goneProblem,
  methodNotAllowed,
  negotiate,
  notAcceptable,
  problemNotFound,
  problemOnError,
  problemResponse,
  readJsonBody,
  requestLimits,
} from '../src/index.ts';

/** Limits the e2e app uses, small enough to hit in tests. */
export const LIMITS = { maxBytes: 1024, maxDepth: 16, timeoutMs: 500, maxHeaderBytes: 4096, maxUrlLength: 1024 };

const retired = { sunset: '2025-01-31', successorUrl: '/v2/orders' };

/** A small app in the shape generated servers will have, using every runtime piece. */
export function createE2eApp(): Hono {
  const app = new Hono();
  app.onError(problemOnError);
  app.notFound(problemNotFound);
  app.use('*', requestLimits({ maxHeaderBytes: LIMITS.maxHeaderBytes, maxHeaderCount: 40, maxUrlLength: LIMITS.maxUrlLength }));
  app.post('/echo', async (c) => {
    const body = await readJsonBody(c, { maxBytes: LIMITS.maxBytes, maxDepth: LIMITS.maxDepth, timeoutMs: LIMITS.timeoutMs });
    return c.json({ received: body });
  });
  app.all('/echo', () => methodNotAllowed(['POST']));
  app.get('/report', (c) =>
    negotiate(c.req.header('accept'), ['application/json']) ? c.json({ ok: true }) : notAcceptable(['application/json']),
  );
  app.get(
    '/v1/orders',
    deprecated({ deprecatedAt: new Date('2024-06-01T00:00:00Z'), sunset: '2030-01-01', successorUrl: '/v2/orders' }),
    (c) => c.json([]),
  );
  app.all('/v0/orders', () => problemResponse(goneProblem(retired), deprecationHeaders(retired)));
  app.get('/boom', () => {
    throw new Error('secret: password=hunter2 at /srv/app/db.ts:42');
  });
  return app;
}
