/**
 * `pnpm test:reliability [--full] [--only <id or prefix,…>] [--list] [--concurrency N] [--format json]`:
 * the reliability and security battery. One line per case with its figures, then
 * `reliability-result: {…}`. Exit 0 when every promise held, 1 when one broke, 2 on a usage error.
 */
import { parseArgs } from 'node:util';
import { formatFigures, resultLine, runBattery, type CaseOutcome, type ReliabilityCase } from './battery.ts';
import { CASES } from './cases/index.ts';

const HELP = `Usage: pnpm test:reliability [--full] [--only <id|prefix>,…] [--list] [--concurrency N] [--format text|json]

Runs the reliability and security battery against the real brokers (NATS JetStream, RabbitMQ,
Redis, Mosquitto), PostgreSQL and the drone delivery services: every case checks one promise of
the README's "Guarantees" section and prints its figures.
  --full           the long profile (bigger counts, a 30-minute soak); default: the CI profile
  --only           only the cases whose id is, or starts with, one of these (e.g. messaging.,http.fuzz)
  --list           list the cases and their promises, run nothing
  --concurrency N  cases at once (default 1; timing- and memory-sensitive cases always run alone)
  --format json    print one JSON document instead of the lines
Outside CI a case whose server is missing is skipped with the reason; under CI=true it fails.
Exit codes: 0 every promise held, 1 one did not, 2 usage error.
Examples:
  pnpm test:reliability
  pnpm test:reliability --only messaging.consumer-kill
  pnpm test:reliability --full --format json`;

function usage(message: string): number {
  process.stderr.write(`${message}\n\n${HELP}\n`);
  return 2;
}

async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        full: { type: 'boolean', default: false },
        only: { type: 'string' },
        list: { type: 'boolean', default: false },
        concurrency: { type: 'string', default: '1' },
        format: { type: 'string', default: 'text' },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return usage((error as Error).message);
  }
  if (args.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  if (args.format !== 'text' && args.format !== 'json') return usage(`--format must be text or json, got "${args.format}"`);
  const concurrency = Number(args.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1)
    return usage(`--concurrency must be a whole number ≥ 1, got "${args.concurrency}"`);
  let selected: readonly ReliabilityCase[] = CASES;
  if (args.only !== undefined) {
    const wanted = args.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = wanted.filter((w) => !CASES.some((c) => c.id === w || c.id.startsWith(w)));
    if (unknown.length > 0) return usage(`no case is called or starts with ${unknown.map((u) => `"${u}"`).join(', ')}`);
    selected = CASES.filter((c) => wanted.some((w) => c.id === w || c.id.startsWith(w)));
  }
  const json = args.format === 'json';
  if (args.list) {
    if (json)
      process.stdout.write(
        `${JSON.stringify(
          selected.map(({ id, area, promise, needs, limit }) => ({ id, area, promise, needs, limit })),
          null,
          2,
        )}\n`,
      );
    else for (const c of selected) process.stdout.write(`${c.id}\n    ${c.promise}\n`);
    return 0;
  }
  const profile = args.full ? 'full' : 'ci';
  const started = Date.now();
  if (!json) process.stdout.write(`reliability battery, ${profile} profile: ${selected.length} cases\n`);
  const result = await runBattery(selected, {
    profile,
    concurrency,
    ci: process.env.CI === 'true',
    log: (id, line) => !json && process.stdout.write(`    ${id}: ${line}\n`),
    onOutcome: (outcome) => !json && process.stdout.write(`${line(outcome)}\n`),
  });
  if (json) {
    process.stdout.write(`${resultLine(result).slice('reliability-result: '.length)}\n`);
  } else {
    const failed = result.outcomes.filter((o) => o.status === 'failed').length;
    const skipped = result.outcomes.filter((o) => o.status === 'skipped').length;
    process.stdout.write(
      `${result.outcomes.length - failed - skipped} held, ${failed} broke, ${skipped} skipped in ${((Date.now() - started) / 1000).toFixed(0)} s\n${resultLine(result)}\n`,
    );
  }
  return result.ok ? 0 : 1;
}

function line(o: CaseOutcome): string {
  const mark = o.status === 'passed' ? '✓' : o.status === 'failed' ? '✗' : '-';
  const counts = [
    o.lost !== undefined ? `lost=${o.lost}` : '',
    o.duplicated !== undefined ? `duplicated=${o.duplicated}` : '',
    o.fiveXX !== undefined ? `5xx=${o.fiveXX}` : '',
  ].filter(Boolean);
  const head = `${mark} ${o.id}  ${o.seconds.toFixed(1)} s`;
  if (o.status === 'skipped') return `${head}  skipped: ${o.reason}`;
  const figures = [formatFigures(o.figures), ...counts].filter(Boolean).join(' ');
  return o.status === 'failed' ? `${head}  ${figures}\n    broke: ${(o.failures ?? [o.reason]).join('; ')}` : `${head}  ${figures}`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reliability battery: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
