import type { ApiIR, MessagingApiIR, ParsedSource } from '@apilife/contract';
import type ts from 'typescript';

/** The targets a contract can be generated into; each is `targets/<name>/{index,config,plugin}.ts`. */
export const TARGET_NAMES = ['types', 'paths', 'validators', 'client', 'server', 'messaging', 'pact'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** One file a target emits: statements to print, relative to the output folder (`types.gen.ts`). */
export interface TargetFile {
  path: string;
  statements: readonly ts.Statement[];
  /**
   * Text printed by a library's own printer, written after the header as is (then `statements` is
   * empty): the `paths` target keeps openapi-typescript's bytes.
   */
  body?: string;
  /** One line after the header describing the file, e.g. `Types of the Delivery API`. */
  description: string;
}

/** What every target gets: the IR and facts about the run that end up in headers. */
export interface TargetContext {
  /** The HTTP IR; for an AsyncAPI contract, its schemas and message payloads (no operations). */
  api: ApiIR;
  /** The AsyncAPI IR, for an AsyncAPI contract. */
  messaging?: MessagingApiIR;
  /**
   * The files the contract was read from (entry and every file its `$ref`s reach, as the loader read
   * them inside the contracts root), for a target that bundles them with a library's own bundler:
   * `paths` (Redocly's, as openapi-typescript does).
   */
  sources?: readonly ParsedSource[];
  /** Contract path relative to the project root, with `/` separators (never absolute: output must not depend on the machine). */
  contractPath: string;
  /** The command that regenerates the files, printed in headers and by `--check`. */
  regenerateCommand: string;
  /**
   * Extension of relative imports between generated files: `.ts` (default; for tsx, vitest, Bun,
   * Deno and `allowImportingTsExtensions`), `.js` (NodeNext builds) or `` (bundlers). Targets
   * always write `./x.gen.ts`; the print pass rewrites it.
   */
  importExtension?: '.ts' | '.js' | '';
}

/**
 * A code generation target. `dependsOn` lists the targets whose files the emitted code imports;
 * the pipeline adds them to the plan. `build` returns a promise when the target runs a library's
 * asynchronous pass (`paths`: Redocly's bundler).
 */
export interface Target<Files extends TargetFile[] | Promise<TargetFile[]> = TargetFile[] | Promise<TargetFile[]>> {
  name: TargetName;
  dependsOn: readonly TargetName[];
  build(ctx: TargetContext): Files;
}

/** A target that builds its files in memory, synchronously: every target but `paths`. */
export type SyncTarget = Target<TargetFile[]>;
