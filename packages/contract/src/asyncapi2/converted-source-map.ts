import type { JsonPath } from '../diagnostic.ts';
import type { LineIndex } from '../lines.ts';
import type { Location, SourceMap } from '../source-map.ts';
import type { PathMoves } from './path-moves.ts';

/**
 * The source map of an AsyncAPI 2.x file read as its conversion to 3.0: a path of the 3.0 document
 * is placed where its content was written in the 2.x file (an operation on its channel's
 * `publish`/`subscribe`, a message where the operation held it, a channel's `address` on its key),
 * and `path` of the answer is the path as written, so every finding on the conversion names the
 * line of the file a person edits.
 */
export class ConvertedSourceMap implements SourceMap {
  constructor(
    private readonly written: SourceMap,
    private readonly moves: PathMoves,
  ) {}

  get lines(): LineIndex {
    return this.written.lines;
  }

  locate(path: JsonPath): Location {
    const moved = this.moves.translate(path);
    const found = this.written.locate(moved.path);
    if (moved.key && found.keyRange) return { path: found.path, range: found.keyRange, keyRange: found.keyRange };
    return found;
  }
}
