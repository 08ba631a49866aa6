import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyVerifier, problemNotFound, problemOnError, rateLimit, securityMiddleware } from '../src/index.ts';
import { startServer, type TestServer } from './http-helpers.ts';

const SECRET = 'e2e-secret-e2e-secret-e2e-secret!';
const jwt = { secret: SECRET, issuer: 'https://auth.example', audience: 'deliveries', algorithms: ['HS256'], clockToleranceSec: 5 };
const token = (scope: string, exp = Math.floor(Date.now() / 1000) + 300) =>
  sign({ iss: jwt.issuer, aud: jwt.audience, sub: 'courier-7', scope, exp }, SECRET, 'HS256');

/** Security and rate limiting in the order a generated server applies them: who first, then how often. */
function createApp(): Hono {
  const app = new Hono();
  app.onError(problemOnError);
  app.notFound(problemNotFound);
  const security = securityMiddleware({
    requirements: [{ apiKey: [] }, { bearer: ['deliveries:write'] }],
    schemes: {
      apiKey: {
        type: 'apiKey',
        in: 'header',
        name: 'X-Api-Key',
        verify: apiKeyVerifier([{ key: 'ops-key', principal: { subject: 'ops' } }]),
      },
      bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', jwt },
    },
  });
  const limited = rateLimit({ limit: 2, windowMs: 60_000, key: (c) => c.get('principal')?.subject ?? 'anonymous' });
  app.post('/deliveries', security, limited, (c) => c.json({ by: c.get('principal')?.subject }, 201));
  return app;
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer(createApp());
});
afterAll(async () => {
  await server.close();
});

const post = (headers: Record<string, string> = {}) => fetch(`${server.url}/deliveries`, { method: 'POST', headers });

async function expectProblem(res: Response, status: number): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  const body = (await res.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ type: 'about:blank', status });
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/);
  return body;
}

describe('security and rate limits over real HTTP', () => {
  it('401 with challenges for both schemes when no credentials are sent', async () => {
    const res = await post();
    expect(res.headers.get('www-authenticate')).toBe('ApiKey realm="api", in="header", name="X-Api-Key", Bearer realm="api"');
    expect(await expectProblem(res, 401)).toMatchObject({ detail: 'Authentication is required.' });
  });
  it('401 invalid_token for an expired token', async () => {
    const res = await post({ authorization: `Bearer ${await token('deliveries:write', Math.floor(Date.now() / 1000) - 60)}` });
    expect(res.headers.get('www-authenticate')).toContain(
      'Bearer realm="api", error="invalid_token", error_description="The access token has expired."',
    );
    await expectProblem(res, 401);
  });
  it('403 naming the missing scope for a token without it', async () => {
    const res = await post({ authorization: `Bearer ${await token('deliveries:read')}` });
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="api", error="insufficient_scope", scope="deliveries:write"');
    expect(await expectProblem(res, 403)).toMatchObject({
      detail: 'Missing scope: deliveries:write.',
      missingScopes: ['deliveries:write'],
    });
  });
  it('200s with RateLimit-* headers, then 429 with Retry-After, per principal', async () => {
    const auth = { authorization: `Bearer ${await token('deliveries:write')}` };
    const first = await post(auth);
    expect(first.status).toBe(201);
    expect(await first.json()).toEqual({ by: 'courier-7' });
    expect([first.headers.get('ratelimit-limit'), first.headers.get('ratelimit-remaining')]).toEqual(['2', '1']);
    expect(Number(first.headers.get('ratelimit-reset'))).toBeGreaterThan(55);
    expect((await post(auth)).headers.get('ratelimit-remaining')).toBe('0');
    const limited = await post(auth);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(55);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(await expectProblem(limited, 429)).toMatchObject({ title: 'Too Many Requests' });
    const other = await post({ 'x-api-key': 'ops-key' });
    expect(other.status).toBe(201);
    expect(await other.json()).toEqual({ by: 'ops' });
  });
});
