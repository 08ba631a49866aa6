import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, type Document } from 'yaml';
import { loaderDiagnostic, type Diagnostic, type Range } from './diagnostic.ts';
import { findJsonError } from './json-error.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { LineIndex } from './lines.ts';
import { JsonSourceMap, type SourceMap } from './source-map.ts';
import { YamlSourceMap } from './yaml-source-map.ts';
import { readConverted } from './asyncapi2/read-converted.ts';

export type SourceFormat = 'json' | 'yaml';

/** One file, parsed once and shared by every engine. */
export interface ParsedSource {
  file: string;
  text: string;
  format: SourceFormat;
  /** The plain data; `undefined` when the text could not be parsed. */
  value: unknown;
  sourceMap: SourceMap;
  /** sha256 of the text, for caches. */
  hash: string;
  diagnostics: Diagnostic[];
  /**
   * Set when the file is an AsyncAPI 2.0–2.6 document: `value` is then its conversion to AsyncAPI
   * 3.0.0 and `sourceMap` places paths of the conversion in this file (as written); this is the
   * document as written, for engines that read 2.x themselves (Spectral, Redocly).
   */
  convertedFrom?: WrittenDocument;
}

/** A document as written in its file, before apilife converted it. */
export interface WrittenDocument {
  /** The version it is written in: `2.6.0`. */
  specVersion: string;
  value: unknown;
  sourceMap: SourceMap;
}

/**
 * Parses JSON or YAML text with bounded work: YAML alias bombs, nesting past `maxDepth` and
 * syntax errors become diagnostics with a line, never exceptions. An AsyncAPI 2.0–2.6 document is
 * read as its conversion to 3.0 (`convertedFrom`), once per parse.
 */
export function parseSource(text: string, file: string, limits: Limits = DEFAULT_LIMITS): ParsedSource {
  return readConverted(parseText(text, file, limits));
}

function parseText(text: string, file: string, limits: Limits): ParsedSource {
  const hash = createHash('sha256').update(text).digest('hex');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const format: SourceFormat = file.endsWith('.json') || /^\s*[{[]/.test(text.slice(0, 64)) ? 'json' : 'yaml';
  if (format === 'json') {
    const json = parseJson(text, file, hash, limits);
    // Text that looks like JSON but isn't may still be YAML (a flow mapping); a .json file may not,
    // nor text nested too deep (the YAML parser recurses per level: 10^5 levels overflow its stack).
    if (json.value !== undefined || file.endsWith('.json') || json.diagnostics.some((d) => d.code === 'max-depth')) return json;
  }
  return parseYaml(text, file, hash, limits);
}

function parseJson(text: string, file: string, hash: string, limits: Limits): ParsedSource {
  const sourceMap = new JsonSourceMap(text);
  const base = { file, text, format: 'json' as const, sourceMap, hash };
  const tooDeep = findJsonDepthOverflow(text, limits.maxDepth);
  if (tooDeep !== -1) {
    return { ...base, value: undefined, diagnostics: [depthDiagnostic(file, limits, pointRange(sourceMap.lines, tooDeep))] };
  }
  try {
    return { ...base, value: JSON.parse(text), diagnostics: [] };
  } catch {
    const { offset, message } = findJsonError(text);
    return {
      ...base,
      value: undefined,
      diagnostics: [loaderDiagnostic('parse-error', `invalid JSON: ${message}`, file, pointRange(sourceMap.lines, offset))],
    };
  }
}

function parseYaml(text: string, file: string, hash: string, limits: Limits): ParsedSource {
  const lineCounter = new LineCounter();
  const lines = new LineIndex(text);
  // Flow collections (`[[[…`, `{a: {a: …`) nest without indentation, so a small file can nest
  // 10^5 levels, past the parser's stack: counted before parsing, brackets in quotes or comments
  // included (a real document's are balanced, or far fewer than the limit).
  const flowTooDeep = findFlowDepthOverflow(text, limits.maxDepth);
  if (flowTooDeep !== -1)
    return failed(text, file, hash, lines, 'max-depth', `nesting deeper than the limit of ${limits.maxDepth} levels`, flowTooDeep);
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, version: '1.2' });
  } catch (error) {
    return failed(text, file, hash, lines, 'parse-error', `invalid YAML: ${errorMessage(error)}`, 0);
  }
  const sourceMap = new YamlSourceMap(text, doc);
  const base = { file, text, format: 'yaml' as const, sourceMap, hash };
  const diagnostics: Diagnostic[] = [];
  for (const problem of doc.errors) {
    diagnostics.push(
      loaderDiagnostic('parse-error', `invalid YAML: ${firstLine(problem.message)}`, file, pointRange(lines, problem.pos[0])),
    );
  }
  for (const warning of doc.warnings) {
    diagnostics.push(loaderDiagnostic('parse-warning', firstLine(warning.message), file, pointRange(lines, warning.pos[0]), [], 'warn'));
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ...base, value: undefined, diagnostics };
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliasCount });
  } catch (error) {
    const message = errorMessage(error);
    if (/alias/i.test(message)) {
      const alias = text.search(/(^|[\s[{,:-])\*[^\s,\]}]+/m);
      return {
        ...base,
        value: undefined,
        diagnostics: [
          loaderDiagnostic(
            'yaml-alias-limit',
            `YAML aliases expand past the limit of ${limits.maxAliasCount} (an alias bomb?): ${firstLine(message)}`,
            file,
            pointRange(lines, Math.max(alias, 0)),
          ),
        ],
      };
    }
    if (error instanceof RangeError)
      return { ...base, value: undefined, diagnostics: [depthDiagnostic(file, limits, pointRange(lines, 0))] };
    return { ...base, value: undefined, diagnostics: [loaderDiagnostic('parse-error', `invalid YAML: ${message}`, file)] };
  }
  const deepAt = findValueDepthOverflow(value, limits.maxDepth);
  if (deepAt) {
    const location = sourceMap.locate(deepAt);
    return { ...base, value: undefined, diagnostics: [depthDiagnostic(file, limits, location.range)] };
  }
  return { ...base, value, diagnostics };
}

function failed(text: string, file: string, hash: string, lines: LineIndex, code: string, message: string, offset: number): ParsedSource {
  return {
    file,
    text,
    format: 'yaml',
    value: undefined,
    sourceMap: { lines, locate: (path) => ({ path: path.slice(0, 0), range: pointRange(lines, 0) }) },
    hash,
    diagnostics: [loaderDiagnostic(code, message, file, pointRange(lines, offset))],
  };
}

function depthDiagnostic(file: string, limits: Limits, range: Range): Diagnostic {
  return loaderDiagnostic('max-depth', `nesting deeper than the limit of ${limits.maxDepth} levels`, file, range);
}

function pointRange(lines: LineIndex, offset: number): Range {
  const position = lines.positionAt(offset);
  return { start: position, end: position };
}

/** Offset of the first bracket that nests past `maxDepth`, or -1. Skips strings. */
function findJsonDepthOverflow(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return i;
    } else if (c === 125 || c === 93) depth--;
  }
  return -1;
}

/** Offset of the first `[` or `{` that opens past `maxDepth` levels of brackets, or -1. */
function findFlowDepthOverflow(text: string, maxDepth: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) {
      if (++depth > maxDepth) return i;
    } else if ((c === 125 || c === 93) && depth > 0) depth--;
  }
  return -1;
}

/** Path to the first value nested past `maxDepth`, or undefined. Iterative: no stack to overflow. */
function findValueDepthOverflow(root: unknown, maxDepth: number): (string | number)[] | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (path.length > maxDepth) return path;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return undefined;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
