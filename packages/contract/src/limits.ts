/** Bounds on what the loader accepts, so that no input can exhaust time or memory. */
export interface Limits {
  /** Largest file read, in bytes. The GitHub REST description is 13 MB. */
  maxFileBytes: number;
  /** Most YAML aliases expanded in one document (alias bombs). */
  maxAliasCount: number;
  /** Deepest nesting of objects and arrays. */
  maxDepth: number;
  /** Most files one load may pull in through `$ref`. */
  maxFiles: number;
  /** Time allowed for one remote fetch (only for allow-listed URLs). */
  fetchTimeoutMs: number;
  /**
   * Most values a contract may hold once its `$ref`s are inlined, as Spectral, Redocly and
   * @asyncapi/parser walk it ($ref bombs); the limit is the larger of this and `maxExpansionRatio`
   * times the values written.
   */
  maxExpandedNodes: number;
  /** Most values inlined `$ref`s may multiply a contract's written values by (GitHub's REST description: 7.7). */
  maxExpansionRatio: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 32 * 1024 * 1024,
  maxAliasCount: 100,
  maxDepth: 256,
  maxFiles: 2000,
  fetchTimeoutMs: 5000,
  maxExpandedNodes: 500_000,
  maxExpansionRatio: 16,
};

/** Formats a byte count for messages: `13.0 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
