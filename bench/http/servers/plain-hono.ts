import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { announce, created, found } from './shared.ts';

// The baseline: Hono with no validation at all.
const app = new Hono();
app.post('/orders', async (c) => c.json(created(await c.req.json()), 201));
app.get('/orders/:orderId', (c) => c.json(found(c.req.param('orderId'), c.req.query('include'))));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => announce(info.port));
