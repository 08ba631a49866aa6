import { serve } from '@hono/node-server';
import { createServer } from '../generated/server.gen.ts';
import { announce, created, found } from './shared.ts';

// The server apilife generates from contract/openapi.yaml: routing, request validation with the
// precompiled validators, problem+json errors, limits. Response validation off, as in production.
const app = createServer(
  {
    createOrder: (request) => ({ status: 201, body: created(request.body) }),
    getOrder: (request) => ({ status: 200, body: found(request.path.orderId, request.query.include) }),
  },
  { validateResponses: false, rateLimit: false },
);
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => announce(info.port));
