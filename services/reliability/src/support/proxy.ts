/**
 * A TCP proxy of our own, in toxiproxy's vocabulary (toxiproxy is not installable here, nor
 * `tc netem`): between a client and one or more upstreams (round robin: the scale-out cases put
 * two processes of a service behind one address), with toxics switched on and off while it runs.
 * A toxic applies to the connections already open too (a keep-alive pool does not escape it):
 * - `latency`: each chunk reaches the other side `latencyMs` after it arrived (in order, both ways);
 * - `bandwidth`: at most `bytesPerSecond` each way per connection;
 * - `reset`: a new connection is reset (RST) as soon as it is accepted, an open one on its next
 *   chunk (toxiproxy's `reset_peer`);
 * - `blackhole`: accepted, read and dropped, never answered, nothing forwarded (toxiproxy's
 *   `timeout` with no timeout);
 * - `down()`: the listener closed (connections refused, as a stopped service) and every open
 *   connection reset.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Toxics {
  latencyMs?: number;
  bytesPerSecond?: number;
  reset?: boolean;
  blackhole?: boolean;
}

export interface Upstream {
  host: string;
  port: number;
}

/** What the proxy saw, for figures: every count since it started. */
export interface ProxyCounts {
  /** Connections accepted, whatever happened to them. */
  accepted: number;
  /** Connections reset by the `reset` toxic (one per attempt a client made while it was on). */
  reset: number;
  /** Connections that had data dropped by the `blackhole` toxic. */
  blackholed: number;
  /** Bytes forwarded client → upstream and upstream → client. */
  bytesUp: number;
  bytesDown: number;
}

export interface FaultProxy {
  port: number;
  url: string;
  /** Replaces the toxics (`{}`: none). Open connections get them too. */
  set(toxics: Toxics): void;
  /** Closes the listener (connections refused) and resets every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Replaces the upstreams (round robin over them). */
  upstreams(list: readonly Upstream[]): void;
  /** Connections forwarded, per upstream index. */
  readonly connections: number[];
  readonly counts: Readonly<ProxyCounts>;
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts a proxy on 127.0.0.1 (port 0: a free one) in front of `upstreams`. */
export async function startFaultProxy(upstreams: readonly Upstream[], options: { port?: number } = {}): Promise<FaultProxy> {
  let toxics: Toxics = {};
  let targets = [...upstreams];
  let next = 0;
  const connections = targets.map(() => 0);
  const counts: ProxyCounts = { accepted: 0, reset: 0, blackholed: 0, bytesUp: 0, bytesDown: 0 };
  const open = new Set<Socket>();
  let server: Server | undefined;
  let port = options.port ?? 0;

  /** Resets both sides of a connection (RST, not FIN), once. */
  const resetPair = (a: Socket, b: Socket | undefined) => {
    if (!a.destroyed) a.resetAndDestroy();
    if (b && !b.destroyed) b.resetAndDestroy();
  };

  /**
   * Copies `from` → `to` through the current toxics. Each chunk keeps its arrival time, so latency
   * delays every chunk by the same amount instead of adding up; bandwidth paces the bytes.
   */
  const pipe = (from: Socket, to: Socket, pair: { client: Socket; upstream: Socket; blackholed: boolean }, up: boolean) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      if (toxics.reset) {
        counts.reset++;
        return resetPair(pair.client, pair.upstream);
      }
      if (toxics.blackhole) {
        if (!pair.blackholed) counts.blackholed++;
        pair.blackholed = true;
        return;
      }
      const arrived = performance.now();
      from.pause();
      chain = chain.then(async () => {
        const latency = toxics.latencyMs ?? 0;
        const wait = arrived + latency - performance.now();
        if (wait > 0) await delay(wait);
        const rate = toxics.bytesPerSecond;
        if (rate) {
          // Slices of a tenth of a second's worth, each followed by its time on the wire.
          const slice = Math.max(1, Math.floor(rate / 10));
          for (let at = 0; at < chunk.length && !to.destroyed; at += slice) {
            const piece = chunk.subarray(at, at + slice);
            to.write(piece);
            await delay((piece.length / rate) * 1000);
          }
        } else if (!to.destroyed) to.write(chunk);
        if (up) counts.bytesUp += chunk.length;
        else counts.bytesDown += chunk.length;
        if (!from.destroyed) from.resume();
      });
    });
    from.on('end', () => void chain.then(() => !to.destroyed && to.end()));
  };

  const accept = (client: Socket) => {
    counts.accepted++;
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    if (toxics.reset) {
      counts.reset++;
      return client.resetAndDestroy();
    }
    if (toxics.blackhole || targets.length === 0) {
      // Held open and read (so the client's writes succeed), never answered.
      counts.blackholed++;
      client.on('data', () => {});
      return;
    }
    const index = next++ % targets.length;
    connections[index] = (connections[index] ?? 0) + 1;
    const upstream = connect(targets[index]!);
    open.add(upstream);
    const pair = { client, upstream, blackholed: false };
    upstream.on('close', () => {
      open.delete(upstream);
      if (!client.destroyed) client.destroy();
    });
    upstream.on('error', () => resetPair(client, undefined));
    client.on('close', () => upstream.destroy());
    pipe(client, upstream, pair, true);
    pipe(upstream, client, pair, false);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const created = createServer(accept);
      created.once('error', reject);
      created.listen(port, '127.0.0.1', () => {
        server = created;
        port = (created.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();

  const closeListener = () =>
    new Promise<void>((resolve) => {
      const current = server;
      server = undefined;
      for (const socket of open) if (!socket.destroyed) socket.resetAndDestroy();
      if (!current) return resolve();
      current.close(() => resolve());
    });

  return {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    connections,
    counts,
    set(value) {
      toxics = { ...value };
    },
    down: closeListener,
    up: listen,
    upstreams(list) {
      targets = [...list];
      while (connections.length < targets.length) connections.push(0);
    },
    close: closeListener,
  };
}
