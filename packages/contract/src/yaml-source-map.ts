import { isAlias, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { JsonPath, Range } from './diagnostic.ts';
import { LineIndex } from './lines.ts';
import type { Location, SourceMap } from './source-map.ts';

/** A source map over a parsed YAML document (the `yaml` package's node tree). */
export class YamlSourceMap implements SourceMap {
  readonly lines: LineIndex;

  constructor(
    text: string,
    private readonly doc: Document,
  ) {
    this.lines = new LineIndex(text);
  }

  locate(path: JsonPath): Location {
    let node: unknown = this.doc.contents;
    let keyStart = -1;
    let depth = 0;
    for (; depth < path.length; depth++) {
      if (isAlias(node)) node = node.resolve(this.doc);
      const token = path[depth]!;
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(token));
        if (pair) {
          next = pair.value;
          keyStart = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : -1;
          // A key with no value (`key:`) has no node: point at the key.
          if (next === null || next === undefined) next = pair.key;
        }
      } else if (isSeq(node)) {
        next = node.items[Number(token)];
        keyStart = -1;
      }
      if (next === undefined || next === null) break;
      node = next;
    }
    const range = (node as Node | null)?.range ?? [0, 0, 0];
    const location: Location = { path: path.slice(0, depth), range: this.#range(range[0], range[1]) };
    if (keyStart >= 0 && depth > 0) location.keyRange = this.#range(keyStart, keyStart);
    return location;
  }

  #range(start: number, end: number): Range {
    return { start: this.lines.positionAt(start), end: this.lines.positionAt(end) };
  }
}
