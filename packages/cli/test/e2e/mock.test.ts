import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { apilifeProcessArgs } from '@apilife/test-utils';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * `apilife mock` as a user runs it, in its own process: the HTTP mock of the Delivery contract
 * answers a request and stops on SIGTERM; the messaging mock of the Delivery events publishes
 * its messages on the in-memory transport --count times and exits.
 */
const REPO = join(import.meta.dirname, '../../../..');
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): { child: ChildProcess; lines: AsyncIterator<string> } {
  const child = spawn(process.execPath, apilifeProcessArgs(['mock', ...args]), { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  return { child, lines: createInterface({ input: child.stdout! })[Symbol.asyncIterator]() };
}

describe('apilife mock in a process', () => {
  it('serves an OpenAPI contract on a free loopback port, logs requests as JSON lines, stops on SIGTERM', async () => {
    const { child, lines } = run(['contracts/delivery/openapi.yaml', '--port', '0', '--format', 'json']);
    const ready = JSON.parse((await lines.next()).value as string) as { url: string; kind: string; operations: { operation: string }[] };
    expect(ready.kind).toBe('openapi');
    expect(ready.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(ready.operations.map((o) => o.operation)).toContain('getDeliveryStatusV1');
    const response = await fetch(`${ready.url}/delivery-status/3fa85f64-5717-4562-b3fc-2c963f66afa6`, { headers: { 'x-api-key': 'k' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('sunset')).toBe('Wed, 30 Jun 2027 00:00:00 GMT');
    expect(JSON.parse((await lines.next()).value as string)).toEqual({
      event: 'request',
      method: 'GET',
      path: '/delivery-status/3fa85f64-5717-4562-b3fc-2c963f66afa6',
      status: 200,
    });
    const unknown = await fetch(`${ready.url}/nope`);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toBe('application/problem+json');
    expect(JSON.parse((await lines.next()).value as string)).toMatchObject({ event: 'request', path: '/nope', status: 404 });
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  });

  it('publishes an AsyncAPI contract\u2019s messages --count times on the in-memory transport and exits', async () => {
    const { child, lines } = run([
      'contracts/delivery/asyncapi.yaml',
      '--transport',
      'memory',
      '--count',
      '2',
      '--interval',
      '10',
      '--format',
      'json',
    ]);
    const events: { event?: string; kind?: string; type?: string }[] = [];
    for (let next = await lines.next(); !next.done; next = await lines.next())
      events.push(JSON.parse(next.value) as (typeof events)[number]);
    const [code] = child.exitCode === null ? await once(child, 'exit') : [child.exitCode];
    expect(code).toBe(0);
    const published = events.filter((e) => e.event === 'published');
    expect(published.length).toBeGreaterThanOrEqual(2);
    expect(published.length % 2).toBe(0);
    expect(published.every((e) => typeof e.type === 'string' && e.type.length > 0)).toBe(true);
  });

  it('a broker it cannot reach is an error naming the broker without its password (exit 2)', async () => {
    const { child } = run([
      'contracts/drone-management/asyncapi.yaml',
      '--transport',
      'amqp',
      '--broker-url',
      'amqp://guest:secret@127.0.0.1:1',
    ]);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => void (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain('the mock did not start (broker amqp://guest:***@127.0.0.1:1)');
    expect(stderr).not.toContain('secret');
    expect(stderr).not.toMatch(/\bat .*\.(ts|js):\d+/);
  });
});
