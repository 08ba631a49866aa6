import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../src/support/proxy.ts';

/** An echo server: what it reads it writes back (the proxy's upstream). */
let echo: Server;
let proxy: FaultProxy;

beforeAll(async () => {
  echo = createServer((socket) => socket.on('error', () => {}).pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  proxy = await startFaultProxy([{ host: '127.0.0.1', port: (echo.address() as { port: number }).port }]);
});
afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

const open = () =>
  new Promise<Socket>((resolve, reject) => {
    const socket = connect(proxy.port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });

/** Sends `bytes` and resolves with how long the echo took, or with the socket's error code. */
const roundTrip = (socket: Socket, bytes: number, timeoutMs = 5_000) =>
  new Promise<{ ms: number } | { error: string } | { silent: true }>((resolve) => {
    const started = performance.now();
    let received = 0;
    const timer = setTimeout(() => resolve({ silent: true }), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received >= bytes) clearTimeout(timer), resolve({ ms: performance.now() - started });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => (clearTimeout(timer), resolve({ error: error.code ?? error.message })));
    socket.write(Buffer.alloc(bytes, 1));
  });

describe('the fault proxy', () => {
  it('forwards, and delays each chunk by the latency without adding it up', async () => {
    const socket = await open();
    expect(await roundTrip(socket, 10)).toMatchObject({ ms: expect.any(Number) });
    proxy.set({ latencyMs: 150 });
    const slow = (await roundTrip(socket, 10)) as { ms: number };
    // Both ways: about 300 ms, far less than chunks × latency would give.
    expect(slow.ms).toBeGreaterThanOrEqual(290);
    expect(slow.ms).toBeLessThan(2_000);
    proxy.set({});
    socket.destroy();
  });

  it('caps the bandwidth', async () => {
    const socket = await open();
    proxy.set({ bytesPerSecond: 40_000 });
    // 60 kB at 40 kB/s: 1.5 s, less the first tenth of a second's slice, which goes at once.
    const capped = (await roundTrip(socket, 60_000)) as { ms: number };
    expect(capped.ms).toBeGreaterThanOrEqual(1_350);
    expect(capped.ms).toBeLessThan(5_000);
    proxy.set({});
    socket.destroy();
  });

  it('resets new connections and open ones with an RST (ECONNRESET, not a clean close)', async () => {
    const before = proxy.counts.reset;
    const kept = await open();
    proxy.set({ reset: true });
    expect(await roundTrip(kept, 10)).toEqual({ error: 'ECONNRESET' });
    // A new connection: reset before or just after the handshake completes, either way ECONNRESET.
    const fresh = await open().then(
      (socket) => roundTrip(socket, 10),
      (error: NodeJS.ErrnoException) => ({ error: error.code }),
    );
    expect(fresh).toEqual({ error: 'ECONNRESET' });
    expect(proxy.counts.reset - before).toBe(2);
    proxy.set({});
  });

  it('blackholes: accepts, never answers, on new and open connections alike', async () => {
    const kept = await open();
    proxy.set({ blackhole: true });
    const fresh = await open();
    const [a, b] = await Promise.all([roundTrip(kept, 10, 1_000), roundTrip(fresh, 10, 1_000)]);
    expect(a).toEqual({ silent: true });
    expect(b).toEqual({ silent: true });
    proxy.set({});
    kept.destroy();
    fresh.destroy();
  });

  it('down refuses connections; up listens again on the same port', async () => {
    const port = proxy.port;
    await proxy.down();
    expect(await open().catch((error: NodeJS.ErrnoException) => error.code)).toBe('ECONNREFUSED');
    await proxy.up();
    expect(proxy.port).toBe(port);
    const socket = await open();
    expect(await roundTrip(socket, 10)).toMatchObject({ ms: expect.any(Number) });
    socket.destroy();
  });
});
