import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSource, type Diagnostic } from '@apilife/contract';
import { describe, expect, it } from 'vitest';
import { applySuppressions, collectInlineSuppressions, loadIgnoreFile } from './suppress.ts';

const file = '/c/svc/openapi.yaml';
const text = `openapi: 3.1.0
paths:
  /a:
    x-lint-ignore:
      operation-tags: tagged at the gateway
    get:
      summary: A
  /b:
    get:
      x-lint-ignore:
        apilife/problem-json: ''
        operation-summary: kept for the v1 clients
`;
const finding = (code: string, path: string[]): Diagnostic => ({
  code,
  path,
  file,
  severity: 'warn',
  message: code,
  source: 'spectral',
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
});

describe('suppressions', () => {
  const inline = collectInlineSuppressions(parseSource(text, file));

  it('collects x-lint-ignore with its reason and line', () => {
    expect(inline.map((s) => [s.rule, s.path.join('/'), s.reason, s.origin.range.start.line + 1])).toEqual(
      [
        ['operation-tags', 'paths//a', 'tagged at the gateway', 5],
        ['apilife/problem-json', 'paths//b/get', '', 11],
        ['operation-summary', 'paths//b/get', 'kept for the v1 clients', 12],
      ].sort((a, b) => Number(a[3]) - Number(b[3])),
    );
  });

  it('silences the rule at and below the object, keeps the reason, and nothing else', () => {
    const { kept, suppressed } = applySuppressions(
      [
        finding('operation-tags', ['paths', '/a', 'get']),
        finding('operation-tags', ['paths', '/b', 'get']),
        finding('operation-summary', ['paths', '/b', 'get']),
      ],
      collectInlineSuppressions(parseSource(text, file)),
      '/c',
      new Set([file]),
    );
    expect(suppressed.map((s) => [s.code, s.path.join('/'), s.reason, s.suppressedBy])).toEqual([
      ['operation-tags', 'paths//a/get', 'tagged at the gateway', 'svc/openapi.yaml:5'],
      ['operation-summary', 'paths//b/get', 'kept for the v1 clients', 'svc/openapi.yaml:12'],
    ]);
    expect(kept.map((k) => k.code).sort()).toEqual(['apilife/lint-ignore-reason', 'apilife/lint-ignore-unused', 'operation-tags']);
  });

  it('makes a suppression without a reason a finding at its line', () => {
    const { kept } = applySuppressions(
      [finding('apilife/problem-json', ['paths', '/b', 'get', 'responses'])],
      collectInlineSuppressions(parseSource(text, file)),
      '/c',
      new Set([file]),
    );
    const missing = kept.find((k) => k.code === 'apilife/lint-ignore-reason')!;
    expect(missing).toMatchObject({ severity: 'error', range: { start: { line: 10 } } });
    expect(missing.message).toMatch(/without a reason/);
  });

  it('reads the ignore file: file → JSON pointer → rule → reason', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apilife-ignore-'));
    const ignore = join(dir, '.apilife-lint-ignore.yaml');
    writeFileSync(ignore, `contracts/svc/openapi.yaml:\n  "#/paths/~1a/get":\n    operation-tags: shown under the gateway tag\n`);
    const entries = await loadIgnoreFile(ignore);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      file: join(dir, 'contracts/svc/openapi.yaml'),
      path: ['paths', '/a', 'get'],
      rule: 'operation-tags',
      reason: 'shown under the gateway tag',
    });
    expect(entries[0]!.origin.range.start.line).toBe(2);
  });

  it('rejects a malformed ignore file with a config error naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'apilife-ignore-'));
    const ignore = join(dir, '.apilife-lint-ignore.yaml');
    writeFileSync(ignore, `contracts/a.yaml:\n  "paths/a": { x: y }\n`);
    await expect(loadIgnoreFile(ignore)).rejects.toThrow(/not a JSON pointer/);
    writeFileSync(ignore, `- a\n- b\n`);
    await expect(loadIgnoreFile(ignore)).rejects.toThrow(/expected \{ <file>/);
  });
});
