import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { problemOnError } from './problem-handlers.ts';
import { securityMiddleware, type SchemeConfig, type SecurityEnv, type SecurityRequirement } from './security.ts';

/** The schemes beyond API keys and JWTs: bearer tokens checked by the service, Basic, custom. */
const schemes: Record<string, SchemeConfig> = {
  opaque: { type: 'http', scheme: 'bearer', verify: (token) => (token === 'tok-1' ? { subject: 'svc', scopes: ['read'] } : undefined) },
  basic: {
    type: 'http',
    scheme: 'basic',
    verify: (user, password) => (user === 'ann' && password === 'p:w' ? { subject: 'ann' } : undefined),
  },
  mtls: {
    type: 'custom',
    challenge: 'MutualTLS',
    authenticate: (c) => {
      const cn = c.req.header('x-client-cn');
      return cn === undefined ? undefined : cn === 'trusted' ? { subject: cn } : false;
    },
  },
};

async function call(requirements: SecurityRequirement[], headers: Record<string, string> = {}) {
  const app = new Hono<SecurityEnv>();
  app.onError(problemOnError);
  app.use('*', securityMiddleware({ requirements, schemes }));
  app.get('/x', (c) => c.json({ by: c.get('principal')?.subject ?? null }));
  const res = await app.request('/x', { headers });
  return { status: res.status, challenge: res.headers.get('www-authenticate'), body: (await res.json()) as Record<string, unknown> };
}

const basic = (credentials: string) => ({ authorization: `Basic ${Buffer.from(credentials).toString('base64')}` });

describe('securityMiddleware: other schemes', () => {
  it.each([
    ['a bearer token the service accepts', [{ opaque: ['read'] }], { authorization: 'Bearer tok-1' }, { status: 200, body: { by: 'svc' } }],
    [
      'a bearer token it refuses → 401 invalid_token',
      [{ opaque: [] }],
      { authorization: 'Bearer tok-2' },
      { status: 401, challenge: 'Bearer realm="api", error="invalid_token", error_description="The access token is not valid."' },
    ],
    ['a bearer token without the scope → 403', [{ opaque: ['write'] }], { authorization: 'Bearer tok-1' }, { status: 403 }],
    ['Basic credentials (password with a colon)', [{ basic: [] }], basic('ann:p:w'), { status: 200, body: { by: 'ann' } }],
    [
      'wrong Basic credentials → 401',
      [{ basic: [] }],
      basic('ann:nope'),
      { status: 401, body: { detail: 'The credentials are not valid.' } },
    ],
    ['malformed Basic credentials → 401', [{ basic: [] }], { authorization: 'Basic %%%' }, { status: 401 }],
    [
      'no Basic credentials → 401 with a Basic challenge',
      [{ basic: [] }],
      {},
      { status: 401, challenge: 'Basic realm="api", charset="UTF-8"' },
    ],
    ['a custom scheme that authenticates', [{ mtls: [] }], { 'x-client-cn': 'trusted' }, { status: 200, body: { by: 'trusted' } }],
    ['a custom scheme that refuses', [{ mtls: [] }], { 'x-client-cn': 'evil' }, { status: 401, challenge: 'MutualTLS realm="api"' }],
  ])('%s', async (_name, requirements, headers, want) => {
    expect(await call(requirements as SecurityRequirement[], headers)).toMatchObject(want);
  });
});
