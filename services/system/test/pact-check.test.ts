import { resolve } from 'node:path';
import { checkPacts, pactCheckExitCode } from '@apilife/pact/check';
import { describe, expect, it } from 'vitest';

// Runs after the consumer pact tests (their own vitest project, first in `pnpm test`), which write `pacts/`.
const ROOT = resolve(import.meta.dirname, '../../..');

describe('apilife pact check on the system’s pacts', () => {
  it('every pact agrees with its provider’s contract; the deprecated operations in use are named', async () => {
    const report = await checkPacts(['pacts'], { contracts: resolve(ROOT, 'contracts'), cwd: ROOT, cache: false });
    const line = (f: (typeof report.findings)[number]) => `${f.severity} ${f.code}: ${f.message}`;
    expect(report.problems).toEqual([]);
    expect(report.files.length).toBe(12);
    expect(report.findings.filter((f) => f.severity === 'error').map(line)).toEqual([]);
    expect(report.findings.map((f) => f.code).sort()).toEqual(['operation.deprecated', 'operation.deprecated']);
    expect(pactCheckExitCode(report)).toBe(0);
  });
});
