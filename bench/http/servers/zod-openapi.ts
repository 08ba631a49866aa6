import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { announce, created, found } from './shared.ts';

// @hono/zod-openapi with zod schemas equivalent to the contract, validating requests.
const NewOrder = z
  .object({
    customerId: z.uuid(),
    email: z.email().max(254),
    sku: z.string().regex(/^[A-Z]{3}-[0-9]{5}$/),
    quantity: z.number().int().min(1).max(1000),
    unitPrice: z.number().min(0),
    express: z.boolean(),
    channel: z.enum(['web', 'mobile', 'partner']),
    tags: z.array(z.string().max(20)).max(10),
    requestedAt: z.iso.datetime(),
    shipTo: z.object({ city: z.string().min(1).max(80), postcode: z.string().max(10) }).strict(),
  })
  .strict();
const Order = z.object({ id: z.uuid(), status: z.enum(['received', 'shipped']), order: NewOrder.optional() });

const app = new OpenAPIHono({
  defaultHook: (result, c) => (result.success ? undefined : c.json({ type: 'about:blank', title: 'Bad Request', status: 400 }, 400)),
});
app.openapi(
  createRoute({
    method: 'post',
    path: '/orders',
    request: { body: { content: { 'application/json': { schema: NewOrder } }, required: true } },
    responses: { 201: { description: 'Created', content: { 'application/json': { schema: Order } } } },
  }),
  (c) => c.json(created(c.req.valid('json')), 201),
);
app.openapi(
  createRoute({
    method: 'get',
    path: '/orders/{orderId}',
    request: { params: z.object({ orderId: z.uuid() }), query: z.object({ include: z.enum(['items', 'none']).default('none') }) },
    responses: { 200: { description: 'The order', content: { 'application/json': { schema: Order } } } },
  }),
  (c) => c.json(found(c.req.valid('param').orderId, c.req.valid('query').include), 200),
);
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => announce(info.port));
