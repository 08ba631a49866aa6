import type { Position } from '../diagnostic.ts';
import { InputError } from '../errors.ts';
import type { ParsedSource } from '../parse.ts';
import { parsePointer } from '../pointer.ts';
import type { Origin } from './types.ts';

/** `file:line:column` (1-based), the way compilers and `apilife lint` name a place. */
export const placeText = (file: string, position: Position): string => `${file}:${position.line + 1}:${position.character + 1}`;

/**
 * Names places of a bundled document as they were written: the original file (a component
 * hoisted from another file names that file) and the line and column of the value, through the
 * source map of that file, JSON or YAML alike (the nearest written ancestor when the value itself
 * is not written). Errors found while building the IR are made here, so every one of them says
 * `file:line:column: what (at /json/pointer)`.
 */
export class Places {
  constructor(
    /** The entry file of the bundle. */
    readonly file: string,
    private readonly origins: ReadonlyMap<string, Origin> = new Map(),
    private readonly sources: ReadonlyMap<string, ParsedSource> = new Map(),
  ) {}

  /** Where a bundle pointer was written: inside a hoisted component, its original file and pointer. */
  origin(pointer: string): Origin {
    if (this.origins.size > 0) {
      for (let p = pointer; p !== ''; p = p.slice(0, p.lastIndexOf('/'))) {
        const origin = this.origins.get(p);
        if (origin) return { file: origin.file, pointer: origin.pointer + pointer.slice(p.length) };
      }
    }
    return { file: this.file, pointer };
  }

  /** `file:line:column` of a place written in `origin.file` (the file alone when it was not parsed here). */
  where(origin: Origin): string {
    const source = this.sources.get(origin.file);
    if (!source) return origin.file;
    let path: string[];
    try {
      path = parsePointer(origin.pointer);
    } catch {
      return origin.file;
    }
    return placeText(origin.file, source.sourceMap.locate(path).range.start);
  }

  /** An input error about the value at a bundle pointer: `file:line:column: message (at /pointer)`. */
  error(message: string, pointer: string, code = 'invalid-contract'): InputError {
    return this.errorAt(this.origin(pointer), message, code);
  }

  /** The same for a place already in the terms of its file. */
  errorAt(origin: Origin, message: string, code = 'invalid-contract'): InputError {
    return new InputError(`${this.where(origin)}: ${message} (at ${origin.pointer || '/'})`, origin.file, { code });
  }
}
