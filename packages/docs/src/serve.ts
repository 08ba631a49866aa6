import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { buildPortal, type BuildPortalOptions, type BuildPortalReport } from './build.ts';
import { CONTENT_SECURITY_POLICY } from './layout.ts';

export interface ServePortalOptions extends BuildPortalOptions {
  /** Loopback only: 127.0.0.1 (default), ::1 or localhost. */
  host?: string;
  /** Default 8900; 0 picks a free port. */
  port?: number;
  /** Rebuild when a contract, the config or a pact file changes (default true). */
  watch?: boolean;
  /** Told after every build (the first and each rebuild), or of a rebuild that failed. */
  onBuild?: (result: { report?: BuildPortalReport; error?: Error }) => void;
}

export interface PortalServer {
  url: string;
  /** The latest build. */
  report: BuildPortalReport;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.yaml': 'text/plain; charset=utf-8',
  '.yml': 'text/plain; charset=utf-8',
};

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** How long changes settle before a rebuild (editors write a file in several steps). */
const SETTLE_MS = 150;

/**
 * Builds the portal and serves it on loopback, rebuilding when a contract, the config or a pact
 * file changes. Only GET and HEAD of files inside the site; every answer carries the pages' CSP
 * and `nosniff`. A rebuild that fails keeps the last good site and reports the error.
 * @example
 * const server = await servePortal({ config, port: 0 });
 * console.log(server.url);
 */
export async function servePortal(options: ServePortalOptions): Promise<PortalServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) throw new Error(`apilife docs serve listens on loopback only (127.0.0.1, ::1, localhost), not ${host}`);
  let report = await buildPortal(options);
  options.onBuild?.({ report });
  const out = report.out;
  const server = createServer((request, response) => {
    void answer(out, request.method ?? 'GET', request.url ?? '/', response);
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 8900, host, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let building: Promise<void> = Promise.resolve();
  const rebuild = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      building = building.then(async () => {
        try {
          report = await buildPortal(options);
          options.onBuild?.({ report });
        } catch (error) {
          options.onBuild?.({ error: error as Error });
        }
      });
    }, SETTLE_MS);
  };
  if (options.watch !== false) {
    const config = options.config;
    const watched = [config.contracts, ...(config.file ? [config.file] : []), ...(config.docs.pacts ? [config.docs.pacts] : [])];
    for (const path of watched) {
      try {
        watchers.push(watch(path, { recursive: true }, rebuild));
      } catch {
        // A folder that does not exist (no pacts yet) is not watched.
      }
    }
  }
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    get report() {
      return report;
    },
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      await building;
      await new Promise<void>((ok) => server.close(() => ok()));
      server.closeAllConnections();
    },
  };
}

/** One request: a file inside the site, or a 404/405; never a path outside it. */
async function answer(out: string, method: string, url: string, response: import('node:http').ServerResponse): Promise<void> {
  response.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  if (method !== 'GET' && method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' }).end('405 method not allowed\n');
    return;
  }
  let path: string;
  try {
    // Only the request target's path is read; the base is what the URL parser needs, never a host to reach.
    path = decodeURIComponent(new URL(url, 'http://127.0.0.1').pathname);
  } catch {
    response.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('400 bad request\n');
    return;
  }
  if (path.endsWith('/')) path += 'index.html';
  const file = resolve(out, `.${path}`);
  if (path.includes('\0') || (file !== out && !file.startsWith(out + sep)) || path.split('/').some((s) => s.startsWith('.') && s !== '.')) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 not found\n');
    return;
  }
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 not found\n');
    return;
  }
  response.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': 'no-cache',
  });
  if (method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file).pipe(response);
}
