/**
 * The fuzzer's load generator: requests sent over keep-alive connections, `concurrency` at a
 * time, from this process (no tool to install), each answer checked as it arrives: no 5xx; every
 * 4xx `application/problem+json` with an RFC 9457 body; no stack trace or internal address in
 * any body; a request the contract forbids never answered 2xx.
 */
import { Agent, request } from 'node:http';
import type { FuzzRequest } from './fuzz-variants.ts';

export interface LoadReport {
  requests: number;
  /** Answers by status (`"400": 812, …`). */
  statuses: Record<string, number>;
  fiveXX: number;
  /** 4xx answers without `application/problem+json` or without a valid problem body. */
  nonProblem: number;
  /** Bodies that name a stack frame, a file path or an internal address. */
  leaks: number;
  /** Requests the contract forbids that were answered 2xx or 3xx. */
  accepted: number;
  /** 2xx answers by variant kind (hostile but allowed requests), for the log. */
  successByKind: Record<string, number>;
  /** Requests that got no answer (the connection failed). */
  errors: number;
  seconds: number;
  /** A few examples of each kind of failure, for the report. */
  examples: string[];
}

/** What no answer may contain: stack frames, source paths, internal addresses, Node's error codes. */
const LEAK =
  /\n\s+at [^\n]+:\d+:\d+|node:internal|\/work\/|\/home\/|file:\/\/|\.ts:\d+|127\.0\.0\.1|localhost:\d|ECONNREFUSED|ECONNRESET|TypeError|ReferenceError/;
const MAX_EXAMPLES = 12;

/** Sends `requests` to `base` (`http://host:port`) and checks each answer. */
export async function sendAll(
  base: string,
  requests: readonly FuzzRequest[],
  options: {
    concurrency: number;
    signal: AbortSignal;
    /** Headers set as each request is sent (credentials that are re-signed while the run lasts). */
    headers?: (r: FuzzRequest) => Record<string, string>;
  },
): Promise<LoadReport> {
  const url = new URL(base);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const report: LoadReport = {
    requests: 0,
    statuses: {},
    fiveXX: 0,
    nonProblem: 0,
    leaks: 0,
    accepted: 0,
    successByKind: {},
    errors: 0,
    seconds: 0,
    examples: [],
  };
  const example = (what: string, r: FuzzRequest, status: number | string, body: string) => {
    if (report.examples.length < MAX_EXAMPLES)
      report.examples.push(`${what}: ${r.method} ${r.target.slice(0, 120)} (${r.kind}) → ${status} ${body.slice(0, 200)}`);
  };
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < requests.length && !options.signal.aborted) {
      const r = requests[next++]!;
      const answer = await send(agent, url, r, options.headers?.(r));
      report.requests++;
      if ('error' in answer) {
        report.errors++;
        example('no answer', r, answer.error, '');
        continue;
      }
      const { status, contentType, body } = answer;
      report.statuses[status] = (report.statuses[status] ?? 0) + 1;
      if (status >= 500) {
        report.fiveXX++;
        example('5xx', r, status, body);
      } else if (status >= 400 && !isProblem(status, contentType, body)) {
        report.nonProblem++;
        example('not problem+json', r, `${status} ${contentType}`, body);
      } else if (status < 400 && r.expect === 'reject') {
        report.accepted++;
        example('accepted', r, status, body);
      }
      if (status < 300) report.successByKind[`${r.operation} ${r.kind}`] = (report.successByKind[`${r.operation} ${r.kind}`] ?? 0) + 1;
      if (LEAK.test(body)) {
        report.leaks++;
        example('leak', r, status, body);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  report.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return report;
}

/** RFC 9457: `application/problem+json` with `type` and `title` strings and the response's `status`. */
export function isProblem(status: number, contentType: string | undefined, body: string): boolean {
  if (!contentType?.toLowerCase().startsWith('application/problem+json')) return false;
  try {
    const problem = JSON.parse(body) as { type?: unknown; title?: unknown; status?: unknown };
    return typeof problem.type === 'string' && typeof problem.title === 'string' && problem.status === status;
  } catch {
    return false;
  }
}

type Answer = { status: number; contentType: string | undefined; body: string } | { error: string };

function send(agent: Agent, url: URL, r: FuzzRequest, current: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve) => {
    const headers: Record<string, string | number> = { ...r.headers, ...current };
    if (r.body !== undefined) headers['content-length'] = r.body.length;
    let req: ReturnType<typeof request>;
    try {
      req = request({ agent, host: url.hostname, port: url.port, method: r.method, path: r.target, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => resolve({ error: error.message }));
      });
    } catch (error) {
      resolve({ error: `not sent: ${(error as Error).message}` });
      return;
    }
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    req.end(r.body);
  });
}
