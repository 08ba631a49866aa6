import type { JsonPath, Range } from './diagnostic.ts';
import { LineIndex } from './lines.ts';

/** Where a JSON path is in the source text. */
export interface Location {
  /** The part of the asked path that exists in the document. */
  path: JsonPath;
  /** Range of that value. */
  range: Range;
  /** Range of its key, when the value is an object member. */
  keyRange?: Range;
}

/**
 * Maps JSON paths to ranges in the text a document was parsed from.
 * Lookups for paths that don't exist answer with the closest existing ancestor.
 */
export interface SourceMap {
  readonly lines: LineIndex;
  locate(path: JsonPath): Location;
}

/** Offsets of one value and, for members, its key. */
interface Span {
  keyStart: number;
  start: number;
  end: number;
}

interface ContainerIndex {
  members: Map<string, Span>;
}

/**
 * A source map for JSON text that costs nothing until asked. The first lookup into a container
 * indexes its direct members by scanning the text once (skipping nested values), so a report with
 * thousands of findings on a 13 MB file costs a few passes, not one per finding.
 */
export class JsonSourceMap implements SourceMap {
  readonly lines: LineIndex;
  readonly #containers = new Map<number, ContainerIndex>();
  readonly #root: Span;

  constructor(private readonly text: string) {
    this.lines = new LineIndex(text);
    const start = skipWs(text, 0);
    this.#root = { keyStart: -1, start, end: skipValue(text, start) };
  }

  locate(path: JsonPath): Location {
    let span = this.#root;
    let depth = 0;
    for (; depth < path.length; depth++) {
      const child = this.#member(span.start, path[depth]!);
      if (!child) break;
      span = child;
    }
    const location: Location = { path: path.slice(0, depth), range: this.#range(span.start, span.end) };
    if (span.keyStart >= 0) location.keyRange = this.#range(span.keyStart, span.keyStart);
    return location;
  }

  #range(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }

  #member(start: number, token: string | number): Span | undefined {
    const open = this.text.charCodeAt(start);
    if (open !== OPEN_BRACE && open !== OPEN_BRACKET) return undefined;
    let index = this.#containers.get(start);
    if (!index) {
      index = { members: open === OPEN_BRACE ? indexObject(this.text, start) : indexArray(this.text, start) };
      this.#containers.set(start, index);
    }
    return index.members.get(String(token));
  }
}

const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

/** From an opening quote, the offset just after the closing quote. */
function skipString(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** From the first character of a value, the offset just after it. */
function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const d = text.charCodeAt(j);
      if (d === QUOTE) j = skipString(text, j) - 1;
      else if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        if (--depth === 0) return j + 1;
      }
    }
    return text.length;
  }
  let j = i;
  for (; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 || d === 13 || d === 9) break;
  }
  return j;
}

function indexObject(text: string, start: number): Map<string, Span> {
  const members = new Map<string, Span>();
  let i = skipWs(text, start + 1);
  while (i < text.length && text.charCodeAt(i) === QUOTE) {
    const keyEnd = skipString(text, i);
    const raw = text.slice(i + 1, keyEnd - 1);
    const key = raw.includes('\\') ? (JSON.parse(text.slice(i, keyEnd)) as string) : raw;
    let j = skipWs(text, keyEnd);
    if (text.charCodeAt(j) !== COLON) break;
    j = skipWs(text, j + 1);
    const end = skipValue(text, j);
    members.set(key, { keyStart: i, start: j, end });
    i = skipWs(text, end);
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipWs(text, i + 1);
  }
  return members;
}

function indexArray(text: string, start: number): Map<string, Span> {
  const members = new Map<string, Span>();
  let i = skipWs(text, start + 1);
  let n = 0;
  while (i < text.length && text.charCodeAt(i) !== CLOSE_BRACKET) {
    const end = skipValue(text, i);
    members.set(String(n++), { keyStart: -1, start: i, end });
    i = skipWs(text, end);
    if (text.charCodeAt(i) !== COMMA) break;
    i = skipWs(text, i + 1);
  }
  return members;
}
