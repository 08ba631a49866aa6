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
  /**
   * A member as written, its `$ref` not followed (the parent's is): the IR builds a schema from
   * it, so a `$ref` to a named schema keeps its name. `undefined` when absent.
   */
  member(parent: N, key: string): N | undefined;
  /** The key a node is found under (after following refs): `#/components/messages/Ping` → `Ping`. */
  keyOf(node: N): string;
  /** Where a node is, as one string: two nodes at the same place (after following refs) have the same. */
  placeOf(node: N): string;
}

/**
 * What a read module says of something it cannot read as the spec defines it (a parameter that is
 * not an object, a response key that is not a status): the IR throws it as an input error naming
 * the place; the lint model leaves it to the linters (Spectral, Redocly) and reads on.
 */
export type Report<N> = (message: string, at: N) => void;

/** The report of the lint model: nothing, the linters say it. */
export const readOn = (): void => {};
