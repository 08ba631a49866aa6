import { readFile, writeFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { getAtPath, InputError, isRegularFile, parseSource } from '@apilife/contract';
import { isMap, parseDocument } from 'yaml';

const STAGE_PATH = ['info', 'x-lifecycle', 'stage'];

/**
 * The contract text with `info.x-lifecycle.stage` set to `stage`. An existing value is replaced
 * in place (only its characters change: comments, quoting elsewhere and formatting stay); a
 * missing one is added (YAML through a document edit that keeps comments, JSON re-printed with
 * two-space indentation). Throws `InputError` when the text is not a contract with an `info`.
 * @example
 * await writeFile(file, setStageText(await readFile(file, 'utf8'), file, 'deploy'));
 */
export function setStageText(text: string, file: string, stage: string): string {
  const bom = text.charCodeAt(0) === 0xfeff ? '\ufeff' : '';
  const body = bom ? text.slice(1) : text;
  const parsed = parseSource(body, file);
  const value = parsed.value as Record<string, unknown> | undefined;
  if (parsed.diagnostics.length > 0 || value === undefined)
    throw new InputError(`${file}: cannot be parsed (${parsed.diagnostics[0]?.message ?? 'empty'}): run apilife lint`, file, {
      code: 'parse-error',
    });
  const info = value?.info;
  if (typeof info !== 'object' || info === null || Array.isArray(info))
    throw new InputError(`${file}: has no info object to record the stage in`, file);
  const expected = structuredClone(value);
  const lifecycle = (expected.info as Record<string, unknown>)['x-lifecycle'];
  if (lifecycle !== undefined && (typeof lifecycle !== 'object' || lifecycle === null || Array.isArray(lifecycle)))
    throw new InputError(`${file}: info.x-lifecycle is not a mapping`, file);
  (expected.info as Record<string, unknown>)['x-lifecycle'] = { ...(lifecycle as object | undefined), stage };

  const updated =
    typeof getAtPath(value, STAGE_PATH) === 'string' ? replaceInPlace(body, parsed, stage) : insert(body, parsed.format, file, stage);
  // Whatever way it was written, the result must be the same document with only the stage changed.
  const check = parseSource(updated, file);
  if (check.diagnostics.length > 0 || !isDeepStrictEqual(normalize(check.value), normalize(expected))) {
    throw new Error(`setting the stage of ${file} would change more than info.x-lifecycle.stage (a bug in apilife)`);
  }
  return bom + updated;
}

function replaceInPlace(text: string, parsed: ReturnType<typeof parseSource>, stage: string): string {
  const { range } = parsed.sourceMap.locate(STAGE_PATH);
  const start = parsed.sourceMap.lines.offsetAt(range.start);
  const end = parsed.sourceMap.lines.offsetAt(range.end);
  return text.slice(0, start) + (parsed.format === 'json' ? JSON.stringify(stage) : stage) + text.slice(end);
}

function insert(text: string, format: 'json' | 'yaml', file: string, stage: string): string {
  if (format === 'json') {
    const value = JSON.parse(text) as { info: Record<string, unknown> };
    const { stage: _old, ...rest } = (value.info['x-lifecycle'] ?? {}) as Record<string, unknown>;
    value.info['x-lifecycle'] = { stage, ...rest };
    return `${JSON.stringify(value, null, 2)}\n`;
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new InputError(`${file}: ${doc.errors[0]!.message}`, file, { code: 'parse-error' });
  const lifecycle = doc.getIn(['info', 'x-lifecycle'], true);
  // `stage` goes first in an existing x-lifecycle, as the contracts write it.
  if (isMap(lifecycle) && !lifecycle.has('stage')) lifecycle.items.unshift(doc.createPair('stage', stage));
  else doc.setIn(STAGE_PATH, stage);
  return doc.toString({ lineWidth: 0 });
}

/** Dates parse as strings in one parser and Dates in another; compare them as JSON. */
const normalize = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** Sets the stage in a contract file (see {@link setStageText}); answers false when it already had it. */
export async function writeStage(file: string, stage: string): Promise<boolean> {
  // A FIFO would block the read forever; the loader refuses one too, this guards callers that skip it.
  if (!isRegularFile(file)) throw new InputError(`not a regular file: ${file}`, file, { code: 'file-unreadable' });
  const text = await readFile(file, 'utf8');
  const updated = setStageText(text, file, stage);
  if (updated === text) return false;
  await writeFile(file, updated);
  return true;
}
