import { readFileSync } from 'node:fs';
import { ZERO_RANGE, type Diagnostic, type Range } from './diagnostic.ts';
import { parseSource, type ParsedSource } from './parse.ts';
import { parsePointer } from './pointer.ts';
import { isRegularFile } from './regular-file.ts';

/** A finding named by file and JSON pointer, before it is placed at its range. */
export type UnplacedDiagnostic<Data = unknown> = Omit<Diagnostic<Data>, 'path' | 'range'> & { pointer: string };

/**
 * Places findings named by file and JSON pointer: each file is read and parsed at most once, or
 * not at all when the producer hands over the sources it already parsed.
 */
export interface Placer {
  /** The range of the value at `pointer` in `file` (its nearest written ancestor); `ZERO_RANGE` for a file that cannot be read. */
  range(file: string, pointer: string): Range;
  /** The text of `file`, for code frames; undefined when it cannot be read. */
  text(file: string): string | undefined;
  /** The finding as a `Diagnostic`, with its path and range. */
  place<Data>(finding: UnplacedDiagnostic<Data>): Diagnostic<Data>;
  /** Takes sources already parsed (`loadIR`'s `sources`), so their files are not parsed again. */
  know(sources: Iterable<ParsedSource>): void;
}

/**
 * A placer for a producer that reports by JSON pointer (the diff, the policy checks): the place of
 * a finding is found once, where it is produced, so no printer re-parses a contract for a line.
 *
 * @example
 * const placer = createPlacer();
 * placer.place({ code: 'api-deprecated', severity: 'warn', message: '…', file, pointer: '/info', source: 'apilife diff' });
 */
export function createPlacer(sources: Iterable<ParsedSource> = []): Placer {
  const parsed = new Map<string, ParsedSource | undefined>();
  const know = (known: Iterable<ParsedSource>) => {
    for (const source of known) if (parsed.get(source.file) === undefined) parsed.set(source.file, source);
  };
  know(sources);
  const sourceOf = (file: string): ParsedSource | undefined => {
    if (!parsed.has(file)) parsed.set(file, read(file));
    return parsed.get(file);
  };
  const range = (file: string, pointer: string): Range => {
    const source = sourceOf(file);
    return source ? source.sourceMap.locate(parsePointer(pointer)).range : ZERO_RANGE;
  };
  return {
    range,
    text: (file) => sourceOf(file)?.text,
    place: ({ pointer, ...finding }) => ({ ...finding, path: parsePointer(pointer), range: range(finding.file, pointer) }),
    know,
  };
}

/** Reads only a regular file: a finding may name a path that is now a FIFO (`diff --base` of a contract replaced by one), whose read would never return. */
function read(file: string): ParsedSource | undefined {
  if (!isRegularFile(file)) return undefined;
  try {
    return parseSource(readFileSync(file, 'utf8'), file);
  } catch {
    return undefined;
  }
}
