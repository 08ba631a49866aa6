/**
 * Contracts and tooling: every apilife command against hostile contracts; the Pact broker under
 * kill -9 and as two processes on one database; the portal against a contract full of scripts.
 */
import type { ReliabilityCase } from '../battery.ts';
import { brokerKill9, brokerTwoProcesses } from '../tooling/broker.ts';
import { CLASSES, type HostileClass } from '../tooling/corpus.ts';
import { runHostileClass } from '../tooling/hostile.ts';
import { portalHostileContract } from '../tooling/portal.ts';

/** What each class of hostile contract holds (the promise's words). */
const WHAT: Record<HostileClass, string> = {
  'remote-ref': '`$ref`s to a loopback server (schemas, path items, AsyncAPI payloads, a JSON Schema dialect)',
  'outside-root':
    '`$ref`s to /etc/passwd, to a canary beside and above the contracts root, through a symlink, and a contract that is a symlink out of the root',
  fifo: 'a FIFO as a contract and as a `$ref` target',
  'alias-bomb': 'YAML alias bombs (10^10 nodes expanded)',
  'ref-bomb': '`$ref` bombs (each of 40 schema levels referencing the next three times)',
  huge: 'a 50 MB contract and a contract with a 50 MB string',
  deep: 'nesting 10^5 levels deep (arrays, schemas, AsyncAPI payloads)',
  regex: 'catastrophic `pattern`s (`^(a+)+$` …) with inputs that make them backtrack, in examples, pacts and mock requests',
};

const hostile: ReliabilityCase[] = CLASSES.map((hostileClass) => ({
  id: `contracts.hostile.${hostileClass}`,
  area: 'contracts',
  promise: `Against ${WHAT[hostileClass]}, every apilife command that reads contracts exits 0, 1 or 2 with an error naming the file, within ${hostileClass === 'huge' ? 90 : 45} s and ${hostileClass === 'huge' ? 768 : 512} MiB, opening no connection and reading no file outside the contracts root.`,
  needs: [],
  limit: hostileClass === 'huge' ? { ci: 240, full: 900 } : { ci: 120, full: 600 },
  run: (ctx) => runHostileClass(ctx, hostileClass),
}));

export const cases: ReliabilityCase[] = [
  ...hostile,
  ...(['pglite', 'postgres'] as const).map(
    (engine): ReliabilityCase => ({
      id: `broker.kill-9.${engine}`,
      area: 'broker',
      promise: `A broker on ${engine === 'pglite' ? 'its embedded PGlite folder' : 'PostgreSQL'} killed with SIGKILL in the middle of a stream of publishes keeps every acknowledged publish exactly once and none half-written; republishing the rest after a restart completes the set.`,
      needs: engine === 'postgres' ? ['postgres'] : [],
      limit: { ci: 120, full: 300 },
      // PGlite's start-ups make it the slowest broker case; the CI profile kills the PostgreSQL broker only.
      ...(engine === 'pglite' ? { profiles: ['full'] as const } : {}),
      run: (ctx) => brokerKill9(ctx, engine),
    }),
  ),
  {
    id: 'broker.two-processes',
    area: 'broker',
    promise:
      'Two broker processes on one PostgreSQL database, racing on the same versions, store each publication, provider version and webhook delivery once and every verification result, answer a conflicting publish with 409 (never a 5xx), and answer the same.',
    needs: ['postgres'],
    limit: { ci: 120, full: 300 },
    run: brokerTwoProcesses,
  },
  {
    id: 'portal.hostile-contract',
    area: 'portal',
    promise:
      'A contract whose every rendered text (titles, Markdown with raw HTML, examples, enums, x- extensions, server URLs, operationIds, schema names, tags, channels, messages) carries a script runs no script in the portal: no payload executes or reaches the DOM as markup, and every page has a strict Content-Security-Policy.',
    needs: ['chromium'],
    limit: { ci: 120, full: 300 },
    run: portalHostileContract,
  },
];
