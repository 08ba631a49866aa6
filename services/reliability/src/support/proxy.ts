/**
 * A TCP proxy of our own, in toxiproxy's vocabulary (toxiproxy is not installable here, nor
 * `tc netem`): between a client and one or more upstreams (round robin: the scale-out cases put
 * two processes of a service behind one address), with toxics switched on and off while it runs:
 * `latency` (each chunk held back), `bandwidth` (bytes per second), `reset` (new connections
 * reset, RST), `blackhole` (accepted, nothing forwarded, never answered), `down` (refused: the
 * listener closed, as a stopped service).
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

export interface FaultProxy {
  port: number;
  url: string;
  /** Replaces the toxics (`{}`: none). Open connections get the new latency and bandwidth too. */
  set(toxics: Toxics): void;
  /** Closes the listener (connections refused) and resets every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  /** Replaces the upstreams (round robin over them). */
  upstreams(list: readonly Upstream[]): void;
  /** Connections accepted, per upstream index. */
  readonly connections: number[];
  close(): Promise<void>;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts a proxy on 127.0.0.1 (port 0: a free one) in front of `upstreams`. */
export async function startFaultProxy(upstreams: readonly Upstream[], options: { port?: number } = {}): Promise<FaultProxy> {
  let toxics: Toxics = {};
  let targets = [...upstreams];
  let next = 0;
  const connections = targets.map(() => 0);
  const open = new Set<Socket>();
  let server: Server | undefined;
  let port = options.port ?? 0;

  /** Copies `from` → `to`, each chunk through the current latency and bandwidth. */
  const pipe = (from: Socket, to: Socket) => {
    let chain = Promise.resolve();
    from.on('data', (chunk: Buffer) => {
      from.pause();
      chain = chain.then(async () => {
        if (toxics.latencyMs) await delay(toxics.latencyMs);
        if (toxics.bytesPerSecond) {
          for (let at = 0; at < chunk.length; at += Math.max(1, Math.floor(toxics.bytesPerSecond / 10))) {
            const piece = chunk.subarray(at, at + Math.max(1, Math.floor(toxics.bytesPerSecond / 10)));
            if (!to.destroyed) to.write(piece);
            await delay((piece.length / toxics.bytesPerSecond) * 1000);
          }
        } else if (!to.destroyed) to.write(chunk);
        from.resume();
      });
    });
    from.on('end', () => void chain.then(() => to.end()));
  };

  const accept = (client: Socket) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => {});
    if (toxics.reset) return client.resetAndDestroy();
    if (toxics.blackhole || targets.length === 0) return; // held open, never answered
    const index = next++ % targets.length;
    connections[index] = (connections[index] ?? 0) + 1;
    const upstream = connect(targets[index]!);
    open.add(upstream);
    upstream.on('close', () => (open.delete(upstream), client.destroy()));
    upstream.on('error', () => client.resetAndDestroy());
    client.on('close', () => upstream.destroy());
    pipe(client, upstream);
    pipe(upstream, client);
  };

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer(accept);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as { port: number }).port;
        resolve();
      });
    });
  await listen();

  const closeListener = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      for (const socket of open) socket.resetAndDestroy();
      server.close(() => resolve());
      server = undefined;
    });

  return {
    get port() {
      return port;
    },
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    connections,
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
