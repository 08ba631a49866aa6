/**
 * A broker of the battery's own: NATS JetStream, RabbitMQ, Redis or Mosquitto as a child process
 * on a free loopback port with its own data folder, so a case can stop it (SIGTERM, or SIGKILL as a
 * crash) and start it again on the same port and data without touching the machine's shared
 * brokers (4222/5672/6379/1883), which other cases and CI use. `close` kills it by PID and removes
 * its folder; a process that exits also kills what is left (`process.once('exit')`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../support/process.ts';
import { reachable } from '../support/servers.ts';

export type BrokerKind = 'nats' | 'amqp' | 'redis' | 'mqtt';
/** `graceful`: SIGTERM and wait for the exit (the broker flushes and closes its files); `kill`: SIGKILL, a crash. */
export type StopHow = 'graceful' | 'kill';

export interface PrivateBrokerOptions {
  /** A folder of the case's own; the broker's data, config and log go in `<dir>/<kind>`. */
  dir: string;
  /** The case's id: RabbitMQ's node name `apilife_<id>@localhost`. */
  id: string;
  /**
   * Mosquitto's persistence settings (`autosave_interval`, `autosave_on_changes`); absent, its
   * defaults (a save every 1800 s, and at a clean shutdown).
   */
  mosquitto?: { autosaveInterval?: number; autosaveOnChanges?: boolean };
  /** How long a start may take before it fails, ms (RabbitMQ boots in 5-10 s on a busy machine). Default 60 s. */
  bootTimeoutMs?: number;
}

export interface PrivateBroker {
  readonly kind: BrokerKind;
  /** What the transport connects to (`127.0.0.1:<port>`, `amqp://…`, `redis://…`, `mqtt://…`). */
  readonly url: string;
  readonly port: number;
  /** The running broker's PID (undefined while stopped). */
  readonly pid: number | undefined;
  /** Starts it (again) and resolves once it accepts connections: the ms that took. */
  start(): Promise<number>;
  /** Stops it and resolves once the process has exited: the ms that took. */
  stop(how: StopHow): Promise<number>;
  /** Kills it by PID (if running) and removes its folder. */
  close(): Promise<void>;
  /** The last lines of its log (for failure messages). */
  logTail(): Promise<string>;
}

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A port nobody listens on now (the OS's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Launch {
  command: string;
  args: string[];
  env?: Record<string, string>;
}

/** Writes the broker's config into `home` and says how to run it. */
async function prepare(kind: BrokerKind, home: string, ports: number[], options: PrivateBrokerOptions): Promise<Launch> {
  const [port, second] = ports as [number, number];
  switch (kind) {
    case 'nats':
      // JetStream's file store; its default sync_interval (2 min) is left as shipped.
      return { command: '/usr/sbin/nats-server', args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(home, 'data')] };
    case 'redis':
      // The append-only file, fsynced before each reply (the machine's Redis keeps nothing on disk).
      return {
        command: 'redis-server',
        args: [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--dir',
          home,
          '--appendonly',
          'yes',
          '--appendfsync',
          'always',
          '--save',
          '',
        ],
      };
    case 'mqtt': {
      const m = options.mosquitto ?? {};
      const conf = [
        `listener ${port} 127.0.0.1`,
        'allow_anonymous true',
        // Run as root, Mosquitto would switch to the `mosquitto` user, who may not write our folder.
        `user ${userInfo().username}`,
        'persistence true',
        `persistence_location ${home}/`,
        // Durable groups' sessions keep every message (ADR 0008); the default 1000 drops the rest.
        'max_queued_messages 0',
        ...(m.autosaveInterval === undefined ? [] : [`autosave_interval ${m.autosaveInterval}`]),
        ...(m.autosaveOnChanges === undefined ? [] : [`autosave_on_changes ${m.autosaveOnChanges}`]),
        `log_dest file ${home}/mosquitto.log`,
      ];
      await writeFile(join(home, 'mosquitto.conf'), `${conf.join('\n')}\n`);
      return { command: '/usr/sbin/mosquitto', args: ['-c', join(home, 'mosquitto.conf')] };
    }
    case 'amqp': {
      await writeFile(join(home, 'enabled_plugins'), '[].\n');
      await writeFile(join(home, 'rabbitmq.conf'), 'loopback_users = none\n');
      await writeFile(join(home, 'rabbitmq-env.conf'), '');
      return {
        // The script itself, not /usr/sbin's wrapper (which switches to the rabbitmq user and drops our environment).
        command: '/usr/lib/rabbitmq/bin/rabbitmq-server',
        args: [],
        env: {
          HOME: home, // its own Erlang cookie
          RABBITMQ_CONF_ENV_FILE: join(home, 'rabbitmq-env.conf'), // not the machine's (its node name)
          RABBITMQ_NODENAME: `apilife_${options.id}@localhost`,
          RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
          RABBITMQ_NODE_PORT: String(port),
          RABBITMQ_DIST_PORT: String(second),
          ERL_EPMD_ADDRESS: '127.0.0.1',
          RABBITMQ_MNESIA_BASE: join(home, 'mnesia'),
          RABBITMQ_LOG_BASE: join(home, 'log'),
          RABBITMQ_PID_FILE: join(home, 'pid'),
          RABBITMQ_ENABLED_PLUGINS_FILE: join(home, 'enabled_plugins'),
          RABBITMQ_CONFIG_FILE: join(home, 'rabbitmq'),
          // Exec the VM itself (no shell in between): the PID we hold is the broker's, and SIGTERM stops it cleanly.
          RABBITMQ_ALLOW_INPUT: '1',
          RABBITMQ_SERVER_START_ARGS: '-noinput',
        },
      };
    }
  }
}

function urlOf(kind: BrokerKind, port: number): string {
  switch (kind) {
    case 'nats':
      return `127.0.0.1:${port}`;
    case 'amqp':
      return `amqp://guest:guest@127.0.0.1:${port}`;
    case 'redis':
      return `redis://127.0.0.1:${port}`;
    case 'mqtt':
      return `mqtt://127.0.0.1:${port}`;
  }
}

/** Starts a broker of `kind` of the case's own and resolves once it accepts connections. */
export async function startPrivateBroker(kind: BrokerKind, options: PrivateBrokerOptions): Promise<PrivateBroker> {
  const home = join(options.dir, kind);
  await mkdir(home, { recursive: true });
  const ports = kind === 'amqp' ? [await freePort(), await freePort()] : [await freePort()];
  const port = ports[0]!;
  const launch = await prepare(kind, home, ports, options);
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  const output: string[] = [];

  const logTail = async () => {
    const own = kind === 'mqtt' ? await readFile(join(home, 'mosquitto.log'), 'utf8').catch(() => '') : '';
    return `${output.join('')}${own}`.split('\n').slice(-15).join('\n');
  };

  const start = async (): Promise<number> => {
    const started = performance.now();
    const proc = spawn(launch.command, launch.args, {
      cwd: home,
      env: { ...process.env, ...launch.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    live.add(proc);
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString('utf8'));
      if (output.length > 60) output.shift();
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
    let gone = false;
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        gone = true;
        live.delete(proc);
        if (child === proc) child = undefined;
        resolve();
      }),
    );
    const until = Date.now() + (options.bootTimeoutMs ?? 60_000);
    while (!(await reachable('127.0.0.1', port, 500))) {
      if (gone) throw new Error(`the private ${kind} broker exited while starting:\n${await logTail()}`);
      if (Date.now() > until) {
        proc.kill('SIGKILL');
        throw new Error(
          `the private ${kind} broker did not accept connections within ${options.bootTimeoutMs ?? 60_000} ms:\n${await logTail()}`,
        );
      }
      await sleep(50);
    }
    return performance.now() - started;
  };

  const stop = async (how: StopHow): Promise<number> => {
    const started = performance.now();
    const proc = child;
    if (!proc) return 0;
    proc.kill(how === 'kill' ? 'SIGKILL' : 'SIGTERM');
    // A broker that does not stop within 60 s of SIGTERM is killed: the case must end.
    const timer = setTimeout(() => proc.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
    return performance.now() - started;
  };

  const broker: PrivateBroker = {
    kind,
    url: urlOf(kind, port),
    port,
    get pid() {
      return child?.pid;
    },
    start,
    stop,
    logTail,
    async close() {
      if (child) {
        child.kill('SIGKILL');
        await exited;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
  try {
    await start();
  } catch (error) {
    await broker.close();
    throw error;
  }
  return broker;
}
