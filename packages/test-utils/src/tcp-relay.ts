import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** A loopback TCP relay in front of a broker, whose connections a test can cut and whose listener it can close. */
export interface TcpRelay {
  port: number;
  /** Resets every open connection (as a broker restart does); new ones are accepted. */
  cut(): void;
  /** Closes the listener (connections refused, as while a broker is down) and resets every open connection. */
  down(): Promise<void>;
  /** Listens again on the same port. */
  up(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a relay on a free loopback port to `host:port`: what a transport test points a client at
 * to see it lose its connection and come back, without restarting the shared broker behind it.
 * @example
 * const relay = await tcpRelay('127.0.0.1', 5672);
 * const transport = new AmqpTransport({ url: `amqp://guest:guest@127.0.0.1:${relay.port}` });
 * relay.cut(); // the transport's connection is gone; its next publish must connect again
 */
export async function tcpRelay(host: string, port: number): Promise<TcpRelay> {
  const open = new Set<Socket>();
  const track = (socket: Socket) => {
    open.add(socket);
    socket.on('error', () => {});
    socket.once('close', () => open.delete(socket));
  };
  const relay = (client: Socket) => {
    const upstream = connect({ host, port });
    track(client);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };
  let server: Server | undefined;
  let listenPort = 0;
  const listen = async () => {
    server = createServer(relay);
    await new Promise<void>((done) => server!.listen(listenPort, '127.0.0.1', done));
    listenPort = (server.address() as AddressInfo).port;
  };
  const cut = () => {
    for (const socket of open) socket.resetAndDestroy();
  };
  const down = async () => {
    const closing = server;
    server = undefined;
    cut();
    await new Promise<void>((done) => (closing ? closing.close(() => done()) : done()));
  };
  await listen();
  return {
    port: listenPort,
    cut,
    down,
    up: listen,
    close: down,
  };
}
