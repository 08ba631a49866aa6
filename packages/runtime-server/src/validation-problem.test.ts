import { describe, expect, it } from 'vitest';
import { validationProblem, validationStatus } from './validation-problem.ts';

describe('validationStatus', () => {
  it.each([
    [[200, 400, 422], 400],
    [[200, 422], 422],
    [[200], 400],
    [[200, 'default'], 400],
  ] as const)('%j → %i', (declared, want) => {
    expect(validationStatus(declared)).toBe(want);
  });
});

describe('validationProblem', () => {
  it('lists every violation with its location, body ones by default', async () => {
    const res = validationProblem(422, [
      { pointer: '', message: 'must be an integer', keyword: 'type', in: 'query', parameter: 'limit' },
      { pointer: '/items/0/qty', message: 'must be >= 1', keyword: 'minimum' },
    ]);
    expect([res.status, res.headers.get('content-type')]).toEqual([422, 'application/problem+json']);
    expect(await res.json()).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Content',
      status: 422,
      detail: 'The request has 2 invalid values.',
      errors: [
        { pointer: '', detail: 'must be an integer', keyword: 'type', in: 'query', parameter: 'limit' },
        { pointer: '/items/0/qty', detail: 'must be >= 1', keyword: 'minimum', in: 'body' },
      ],
    });
  });
  it('names a single violation in the detail', async () => {
    const body = (await validationProblem(400, [
      { pointer: '', message: 'is required', keyword: 'required', in: 'header', parameter: 'X-Tenant' },
    ]).json()) as { detail: string };
    expect(body.detail).toBe('The request has 1 invalid value: header parameter X-Tenant is required.');
  });
});
