import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../src/index.ts';
import { ASYNCAPI_COVERAGE } from './oasdiff/asyncapi.ts';
import { OASDIFF_CHECKS } from './oasdiff/checks.ts';
import { ADDED_IN_ISSUE_13, ADDED_IN_ISSUE_14, APILIFE_ONLY, COVERAGE } from './oasdiff/coverage.ts';
import { answers, renderCoverage, type Answer } from './oasdiff/render.ts';

/**
 * The coverage table against oasdiff's catalogue of checks and AsyncAPI's parts: every oasdiff id
 * has an answer, every answer names apilife checks that exist (a check renamed or dropped fails
 * here), a level that differs or a change not reported says why, and the rendered table in
 * `docs/oasdiff-coverage.md` is the one these files make.
 */
describe('apilife diff against oasdiff and AsyncAPI', () => {
  const all = answers();
  const answered = all.filter((a): a is Answer => a.rule !== undefined);

  it("answers every one of oasdiff's 509 checks", () => {
    expect(OASDIFF_CHECKS).toHaveLength(509);
    expect(all.filter((a) => a.rule === undefined).map((a) => a.id)).toEqual([]);
  });

  it('every rule answers at least one oasdiff check', () => {
    expect(COVERAGE.filter((rule) => !answered.some((a) => a.rule === rule)).map((rule) => String(rule.match))).toEqual([]);
  });

  it('names only apilife checks that exist', () => {
    const named = [
      ...answered.flatMap((a) => a.apilife),
      ...ASYNCAPI_COVERAGE.flatMap((c) => c.apilife),
      ...APILIFE_ONLY.flatMap((c) => c.apilife),
      ...ADDED_IN_ISSUE_13,
      ...ADDED_IN_ISSUE_14,
    ];
    expect([...new Set(named.filter((id) => !CHECKS[id]))]).toEqual([]);
  });

  it('says why where the level differs or nothing is reported', () => {
    const unexplained = answered
      .filter((a) => (a.levelDiffers || a.apilife.length === 0) && !a.rule.why && !a.rule.elsewhere)
      .map((a) => a.id);
    expect(unexplained).toEqual([]);
    expect(ASYNCAPI_COVERAGE.filter((c) => c.why.trim() === '').map((c) => c.part)).toEqual([]);
  });

  it('every check added for issues 13 and 14 is in one of the tables', () => {
    const named = new Set([
      ...answered.flatMap((a) => a.apilife),
      ...ASYNCAPI_COVERAGE.flatMap((c) => c.apilife),
      ...APILIFE_ONLY.flatMap((c) => c.apilife),
    ]);
    const uncovered = [...ADDED_IN_ISSUE_13, ...ADDED_IN_ISSUE_14].filter((id) => !named.has(id));
    expect(uncovered, 'checks the tables never name').toEqual([]);
  });

  it('renders docs/oasdiff-coverage.md', async () => {
    await expect(renderCoverage()).toMatchFileSnapshot(join(import.meta.dirname, '../docs/oasdiff-coverage.md'));
  });
});
