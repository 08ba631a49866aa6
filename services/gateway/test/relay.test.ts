import { CircuitOpenError, NetworkError, TimeoutError, UnexpectedStatusError } from '@apilife/runtime-client';
import { describe, expect, it } from 'vitest';
import { declares, gatewayLocation, relay, upstreamProblem } from '../src/relay.ts';

const upstream = 'http://10.0.0.5:8081';
const answer = (status: number, headers: Record<string, string> = {}) => ({
  status,
  body: { status },
  response: { headers: new Headers(headers) },
});

describe('gatewayLocation', () => {
  it("turns an absolute URL on the upstream's origin into a gateway path, and leaves others alone", () => {
    expect(gatewayLocation(`${upstream}/delivery-requests/42/status?x=1`, upstream)).toBe('/delivery-requests/42/status?x=1');
    expect(gatewayLocation('/delivery-requests/42/status', upstream)).toBe('/delivery-requests/42/status');
    expect(gatewayLocation('https://elsewhere.test/a', upstream)).toBe('https://elsewhere.test/a');
  });
});

describe('relay', () => {
  it('reads the declared statuses of each operation from the generated server', () => {
    expect(declares('scheduleDelivery', 202)).toBe(true);
    expect(declares('getDeliveryRequestStatus', 503)).toBe(false);
    // @ts-expect-error an operation the gateway does not have is a compile error
    expect(() => declares('noSuchOperation', 200)).toThrow(TypeError);
  });

  it("passes declared statuses with the headers that matter, and drops upstream rate-limit and lifecycle headers (the gateway's contract says its own)", () => {
    const result = relay(
      'getDeliveryRequest',
      'delivery-scheduler',
      upstream,
      answer(200, {
        etag: '"3"',
        'ratelimit-limit': '10',
        deprecation: '@1768435200',
        sunset: 'Wed, 30 Jun 2027 00:00:00 GMT',
        link: '</elsewhere>; rel="successor-version"',
      }),
    );
    expect(result).toEqual({ status: 200, body: { status: 200 }, headers: { etag: '"3"' } });
  });

  it("treats an upstream 401 as the gateway's own failure (500), not the caller's", () => {
    expect(() => relay('getDeliveryRequest', 'delivery-scheduler', upstream, answer(401))).toThrow(
      expect.objectContaining({ problem: expect.objectContaining({ status: 500 }) }),
    );
  });

  it('answers an undeclared upstream 5xx with 503 and the upstream Retry-After', () => {
    try {
      relay('getDeliveryRequestStatus', 'delivery-scheduler', upstream, answer(502, { 'retry-after': '7' }));
      expect.unreachable();
    } catch (error) {
      const problem = error as { problem: { status: number }; headers: Headers };
      expect(problem.problem.status).toBe(503);
      expect(problem.headers.get('retry-after')).toBe('7');
    }
  });
});

describe('upstreamProblem', () => {
  it('maps an open circuit to 503 with the remaining cool-down as Retry-After', () => {
    const problem = upstreamProblem('delivery', new CircuitOpenError('getDelivery', 0, upstream, 12_300));
    expect(problem.problem.status).toBe(503);
    expect(problem.headers.get('retry-after')).toBe('13');
  });

  it('maps timeouts, network failures and undeclared 5xx to 503; undeclared 4xx to 500', () => {
    expect(upstreamProblem('delivery', new TimeoutError('getDelivery', 1, 'attempt', 800)).problem.status).toBe(503);
    expect(upstreamProblem('delivery', new NetworkError('getDelivery', 1, new Error('ECONNREFUSED'))).problem.status).toBe(503);
    expect(upstreamProblem('delivery', new UnexpectedStatusError('getDelivery', 504, '', new Headers())).problem.status).toBe(503);
    expect(upstreamProblem('delivery', new UnexpectedStatusError('getDelivery', 418, '', new Headers())).problem.status).toBe(500);
  });

  it('names no internal service, address or error to the caller; the cause says it, for the log', () => {
    const refused = new NetworkError('getDelivery', 1, new Error('connect ECONNREFUSED 127.0.0.1:8085'));
    const problems = [
      upstreamProblem('delivery-history', refused),
      upstreamProblem('drone-management', new CircuitOpenError('getDronePosition', 0, upstream, 5_000)),
      upstreamProblem('delivery-scheduler', new TimeoutError('getDeliveryRequest', 1, 'attempt', 800)),
      upstreamProblem('package', new UnexpectedStatusError('getPackage', 418, '', new Headers())),
    ];
    for (const problem of problems) {
      expect(JSON.stringify(problem.problem)).not.toMatch(
        /delivery-history|drone-management|delivery-scheduler|package|ECONNREFUSED|127\.0\.0\.1|8085/,
      );
    }
    expect(String((problems[0]!.cause as Error).message)).toBe('delivery-history cannot be reached');
    expect(((problems[0]!.cause as Error).cause as Error).message).toMatch(/ECONNREFUSED/);
  });

  it('rethrows errors that are not the upstream’s', () => {
    expect(() => upstreamProblem('delivery', new RangeError('bug'))).toThrow(RangeError);
  });
});
