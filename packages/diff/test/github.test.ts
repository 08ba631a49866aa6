import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS, diffFiles } from '../src/index.ts';
import { misplaced } from './harness.ts';

/**
 * Real history: the GitHub REST description two majors apart (npm @octokit/openapi 21.0.0 and
 * 23.0.2, ~13 MB each). Diffs without error, every place is in its document, and prints the counts
 * per check.
 */
const REPO = resolve(import.meta.dirname, '../../..');
const file = (pkg: string) => join(REPO, 'node_modules', pkg, 'generated/api.github.com.json');

describe('apilife diff on the GitHub REST description', () => {
  it('21.0.0 → 23.0.2: every change has a known check; counts per check printed', async () => {
    const result = await diffFiles(file('@octokit/openapi-v21'), file('@octokit/openapi'), { today: '2026-11-25' });
    const perCheck: Record<string, number> = {};
    for (const change of result.changes) {
      expect(CHECKS[change.id]).toBeDefined();
      perCheck[change.id] = (perCheck[change.id] ?? 0) + 1;
    }
    console.log(
      `GitHub ${result.old.version} → ${result.new.version}: ${JSON.stringify(result.counts)}\n${Object.entries(perCheck)
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `  ${String(n).padStart(5)} ${id}`)
        .join('\n')}`,
    );
    expect(result.counts.breaking).toBeGreaterThan(0);
    const read = (pkg: string) => JSON.parse(readFileSync(file(pkg), 'utf8')) as unknown;
    expect(misplaced(result.changes, read('@octokit/openapi-v21'), read('@octokit/openapi')).slice(0, 10)).toEqual([]);
    expect(perCheck['operation-added']).toBeGreaterThan(0);
  });
});
