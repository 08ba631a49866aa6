/**
 * How the read layer walks a contract, whatever holds it: the lint model walks the parsed files
 * through `RefResolver` (nodes are `Located`: file and JSON path, `$ref`s across files followed
 * under the policy), the IR walks the bundled document through `DocumentReader` (nodes are `At`:
 * a pointer of the bundle, local `$ref`s followed, errors named by `Places`). Each module of
 * `src/read/` reads one spec object through this interface, so both see the same objects with
 * the same meaning.
 */
export interface Cursor<N extends { value: unknown }> {
  /** The value a `$ref` leads to (the node itself when it is none). */
  deref(node: N): N;
  /** A member of an object or an item of an array, `$ref`s followed; `undefined` when absent. */
  child(parent: N, key: string | number): N | undefined;
  /** The members of an object, each followed through `$ref` (none for anything else). */
  entries(parent: N | undefined): [string, N][];
  /** The items of an array, each followed through `$ref` (none for anything else). */
  items(parent: N | undefined): N[];
}
