import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { HttpProblem, httpProblem, problem, problemResponse } from './problem.ts';
import { createProblemOnError, problemNotFound, problemOnError } from './problem-handlers.ts';

describe('problem', () => {
  it.each([
    ['defaults type and title', { given: [404, {}] as const, want: { type: 'about:blank', title: 'Not Found', status: 404 } }],
    [
      'keeps detail and extensions',
      {
        given: [409, { detail: 'd', orderId: 7 }] as const,
        want: { type: 'about:blank', title: 'Conflict', status: 409, detail: 'd', orderId: 7 },
      },
    ],
    [
      'keeps a custom type and title',
      {
        given: [422, { type: 'https://x/e', title: 'Invalid order' }] as const,
        want: { type: 'https://x/e', title: 'Invalid order', status: 422 },
      },
    ],
    ['413 title per RFC 9110', { given: [413, {}] as const, want: { type: 'about:blank', title: 'Content Too Large', status: 413 } }],
  ])('%s', (_name, { given, want }) => {
    expect(problem(given[0], { ...given[1] })).toEqual(want);
  });
  it('refuses a non-error status and an extension overriding status', () => {
    expect(() => problem(200)).toThrow(RangeError);
    expect(problem(400, { status: 200 }).status).toBe(400);
  });
  it('serialises with the problem media type and extra headers', async () => {
    const res = problemResponse(problem(405), { allow: 'GET', 'content-type': 'text/plain' });
    expect(res.status).toBe(405);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.headers.get('allow')).toBe('GET');
    expect(await res.json()).toEqual({ type: 'about:blank', title: 'Method Not Allowed', status: 405 });
  });
});

describe('problemOnError and problemNotFound', () => {
  const app = new Hono();
  const onUnexpected = vi.fn();
  app.onError(createProblemOnError({ onUnexpected }));
  app.notFound(problemNotFound);
  app.get('/problem', () => {
    throw httpProblem(403, { detail: 'couriers only' }, { 'x-reason': 'role' });
  });
  app.get('/http-exception', () => {
    throw new HTTPException(401, { message: 'token expired' });
  });
  app.get('/bug', () => {
    throw new TypeError('cannot read secretKey of undefined');
  });

  it('sends a deliberate problem as thrown, with its headers', async () => {
    const res = await app.request('/problem');
    expect(res.headers.get('x-reason')).toBe('role');
    expect(await res.json()).toEqual({ type: 'about:blank', title: 'Forbidden', status: 403, detail: 'couriers only' });
  });
  it('maps Hono HTTPException to its status', async () => {
    const res = await app.request('/http-exception');
    expect(await res.json()).toMatchObject({ status: 401, detail: 'token expired' });
  });
  it('hides unknown errors behind a bare 500 and reports them to the hook', async () => {
    const res = await app.request('/bug');
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(text).not.toContain('secretKey');
    expect(text).not.toContain('TypeError');
    expect(onUnexpected).toHaveBeenCalledOnce();
  });
  it('reports thrown 5xx problems (with their cause) to onServerProblem, not 4xx ones', async () => {
    const onServerProblem = vi.fn();
    const logged = new Hono();
    logged.onError(createProblemOnError({ onServerProblem }));
    logged.get('/503', () => {
      throw new HttpProblem(problem(503, { detail: 'A service this request needs is unavailable.' }), undefined, {
        cause: new Error('delivery cannot be reached'),
      });
    });
    logged.get('/404', () => {
      throw httpProblem(404);
    });
    expect(await (await logged.request('/503')).json()).toEqual({
      type: 'about:blank',
      title: 'Service Unavailable',
      status: 503,
      detail: 'A service this request needs is unavailable.',
    });
    await logged.request('/404');
    expect(onServerProblem).toHaveBeenCalledOnce();
    expect((onServerProblem.mock.calls[0]![0] as HttpProblem).cause).toEqual(new Error('delivery cannot be reached'));
  });
  it('survives a throwing logger', async () => {
    const strict = new Hono();
    strict.onError(
      createProblemOnError({
        onUnexpected: () => {
          throw new Error('logger down');
        },
      }),
    );
    strict.get('/', () => {
      throw new Error('x');
    });
    expect((await strict.request('/')).status).toBe(500);
  });
  it('answers 404 with a problem', async () => {
    const res = await app.request('/missing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
  it('problemOnError works without options', async () => {
    const plain = new Hono();
    plain.onError(problemOnError);
    plain.get('/', () => {
      throw new HttpProblem(problem(429));
    });
    expect((await plain.request('/')).status).toBe(429);
  });
});
