import type { JsonPath } from '../diagnostic.ts';
import { escapeToken, toPointer } from '../pointer.ts';

/** Where a path of a converted document was written. */
export interface Translation {
  /** The path in the document as written. */
  path: JsonPath;
  /** The place is the key of `path` (a 2.x channel's address, its `publish`/`subscribe`), not its value. */
  key: boolean;
  /** How many tokens of the asked path were matched by a recorded move (the rest was appended). */
  matched: number;
}

/**
 * Where the parts of a converted document were written: moves from a path of the conversion to a
 * path of the original, looked up by the longest recorded prefix (the rest of the path is the
 * same below a moved object: a message's payload is where it was under the message). A path under
 * no move was not moved.
 */
export class PathMoves {
  readonly #moves = new Map<string, { path: JsonPath; key: boolean }>();
  readonly #operationMessages = new Map<string, { operation: JsonPath; ids: Map<string, JsonPath> }>();

  /** Records that `to` (in the conversion) was written at `from`. */
  add(to: JsonPath, from: JsonPath, key = false): void {
    this.#moves.set(toPointer(to), { path: from, key });
  }

  /** A message `id` of an operation, written at `from` (in order: the operation's `messages` list follows it). */
  operationMessage(operation: JsonPath, id: string, from: JsonPath): void {
    const at = toPointer(operation);
    let entry = this.#operationMessages.get(at);
    if (!entry) this.#operationMessages.set(at, (entry = { operation, ids: new Map() }));
    entry.ids.set(id, from);
  }

  /** Records `operations/<id>/messages/<i>` from the operations' messages seen. */
  placeOperationMessages(): void {
    for (const { operation, ids } of this.#operationMessages.values()) {
      [...ids.values()].forEach((from, i) => this.add([...operation, 'messages', i], from));
    }
  }

  /** Where `path` of the conversion was written. */
  translate(path: JsonPath): Translation {
    const pointers = [''];
    for (const token of path) pointers.push(`${pointers.at(-1)}/${escapeToken(token)}`);
    for (let n = path.length; n > 0; n--) {
      const move = this.#moves.get(pointers[n]!);
      if (move) {
        const exact = n === path.length;
        return { path: [...move.path, ...path.slice(n)], key: move.key && exact, matched: n };
      }
    }
    return { path, key: false, matched: 0 };
  }
}
