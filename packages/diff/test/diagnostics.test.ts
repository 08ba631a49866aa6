import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlacer } from '@apilife/contract';
import { diffFiles, diffTrees } from '../src/index.ts';

const v1 = `openapi: 3.1.0
info:
  title: Pets
  version: 1.0.0
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
  /pets/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
`;
const v2 = v1.replace('    get:\n      parameters', '    delete:\n      parameters');

describe("a diff's findings", () => {
  const dir = mkdtempSync(join(tmpdir(), 'apilife-diff-findings-'));
  const write = (rel: string, text: string) => {
    const file = join(dir, rel);
    writeFileSync(file, text);
    return file;
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('are placed where diff read the documents (the new one, the old one for what only it has): code, severity, message, file, range, and the change in data', async () => {
    const result = await diffFiles(write('v1.yaml', v1), write('v2.yaml', v2), { today: '2026-01-01' });
    expect(result.diagnostics).toHaveLength(result.changes.length);
    const removed = result.diagnostics.find((d) => d.code === 'operation-removed-without-deprecation');
    expect(removed).toMatchObject({
      severity: 'error',
      message: `GET /pets/{id}: ${removed!.data!.message}`,
      file: join(dir, 'v1.yaml'),
      source: 'apilife',
    });
    expect(removed!.data).toBe(result.changes.find((c) => c.id === 'operation-removed-without-deprecation'));
    // Only the old document has it: the GET there (its value starts on line 13, as a person counts).
    expect(removed!.range.start.line + 1).toBe(13);
    const added = result.diagnostics.find((d) => d.code === 'operation-added');
    expect(added).toMatchObject({ severity: 'info', path: ['paths', '/pets/{id}', 'delete'] });
    expect(added!.range.start.line + 1).toBe(13); // the DELETE's value, in the new document
  });

  it('are placed in the documents loadIR parsed: no file is read a second time to place them', async () => {
    const placer = createPlacer();
    const known: string[] = [];
    const know = placer.know;
    placer.know = (sources) => {
      for (const source of sources) known.push(source.file);
      know(sources);
    };
    const result = await diffFiles(write('v1.yaml', v1), write('v2.yaml', v2), { today: '2026-01-01', placer });
    expect(result.diagnostics.length).toBeGreaterThan(0);
    for (const d of result.diagnostics) expect(known).toContain(d.file);
  });

  it('of contracts only one tree has are placed in the new tree (the start of a file that is gone)', async () => {
    const [oldRoot, newRoot] = ['old', 'new'].map((d) => join(dir, d)) as [string, string];
    for (const root of [oldRoot, newRoot]) mkdirSync(join(root, 'pets'), { recursive: true });
    write('old/pets/openapi.yaml', v1);
    const [removed] = await diffTrees(oldRoot, newRoot);
    expect(removed!.diagnostics).toEqual([
      expect.objectContaining({
        code: 'api-removed',
        file: join(newRoot, 'pets/openapi.yaml'),
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      }),
    ]);
  });
});
