import { readdirSync, readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { InputError } from '@apilife/contract';

/** A pact file as read: where it came from and its JSON. */
export interface PactFile {
  file: string;
  pact: PactDocument;
}

/** The parts of a pact (V2–V4) that publishing reads; everything else is kept as it is. */
export type PactDocument = Record<string, unknown> & {
  consumer: { name: string };
  provider: { name: string };
  interactions?: Record<string, unknown>[];
  messages?: Record<string, unknown>[];
  metadata?: Record<string, unknown>;
};

/** The pact of one consumer–provider pair, merged from one or more files. */
export interface PairPact {
  consumer: string;
  provider: string;
  files: string[];
  pact: PactDocument;
}

/** Pact files larger than this are refused before parsing (as `apilife pact check` does). */
const MAX_PACT_BYTES = 50 * 1024 * 1024;

/**
 * The pact files under `paths` (files, or folders whose `*.json` files are pacts), sorted by path.
 * Throws an `InputError` naming the file for one that cannot be read or is not a pact.
 */
export function readPactFiles(paths: readonly string[], cwd: string = process.cwd()): PactFile[] {
  const files: string[] = [];
  for (const path of paths.map((p) => resolve(cwd, p))) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new InputError(`${relative(cwd, path) || path}: no such file or folder`, path);
    }
    if (isDirectory)
      files.push(
        ...readdirSync(path)
          .filter((name) => name.endsWith('.json'))
          .map((name) => resolve(path, name)),
      );
    else files.push(path);
  }
  if (files.length === 0) throw new InputError(`no pact files (*.json) in ${paths.join(', ')}`);
  return [...new Set(files)].sort().map((file) => ({ file, pact: readPact(file, cwd) }));
}

function readPact(file: string, cwd: string): PactDocument {
  const name = relative(cwd, file) || file;
  let text: string;
  try {
    if (statSync(file).size > MAX_PACT_BYTES) throw new InputError(`${name}: larger than 50 MB`, file);
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, file);
  }
  let pact: unknown;
  try {
    pact = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${name}: not JSON (${(error as Error).message})`, file);
  }
  const doc = pact as Partial<PactDocument> | null;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new InputError(`${name}: not a pact (not a JSON object)`, file);
  if (
    typeof doc.consumer?.name !== 'string' ||
    doc.consumer.name === '' ||
    typeof doc.provider?.name !== 'string' ||
    doc.provider.name === ''
  )
    throw new InputError(`${name}: not a pact (consumer.name and provider.name are required)`, file);
  for (const key of ['interactions', 'messages'] as const)
    if (doc[key] !== undefined && !Array.isArray(doc[key])) throw new InputError(`${name}: not a pact (${key} must be an array)`, file);
  return doc as PactDocument;
}

/**
 * One pact per consumer–provider pair, as the official CLI publishes them: several files of one
 * pair are merged (their interactions and messages concatenated, the same interaction kept once);
 * two interactions with the same description and provider states but different content are a
 * conflict, an `InputError` naming both files. Pairs come out sorted by consumer, then provider.
 */
export function pactsByPair(files: readonly PactFile[], cwd: string = process.cwd()): PairPact[] {
  const pairs = new Map<string, PairPact>();
  for (const { file, pact } of files) {
    const key = JSON.stringify([pact.consumer.name, pact.provider.name]);
    const found = pairs.get(key);
    if (!found) {
      pairs.set(key, { consumer: pact.consumer.name, provider: pact.provider.name, files: [file], pact });
      continue;
    }
    found.pact = mergePacts(found, { file, pact }, cwd);
    found.files.push(file);
  }
  return [...pairs.values()].sort((a, b) => compare(a.consumer, b.consumer) || compare(a.provider, b.provider));
}

function mergePacts(into: PairPact, next: PactFile, cwd: string): PactDocument {
  const version = (pact: PactDocument) => JSON.stringify(specificationVersion(pact));
  if (version(into.pact) !== version(next.pact))
    throw new InputError(
      `${names(into.files, cwd)} and ${relative(cwd, next.file)} are pacts of ${into.consumer} → ${into.provider} in different Pact specification versions (${specificationVersion(into.pact) ?? 'none'} and ${specificationVersion(next.pact) ?? 'none'}): publish them separately`,
      next.file,
    );
  const merged: PactDocument = { ...into.pact };
  for (const key of ['interactions', 'messages'] as const) {
    const ours = into.pact[key];
    const theirs = next.pact[key];
    if (ours === undefined && theirs === undefined) continue;
    const all = [...(ours ?? [])];
    const byKey = new Map(all.map((interaction) => [interactionKey(interaction), interaction]));
    for (const interaction of theirs ?? []) {
      const existing = byKey.get(interactionKey(interaction));
      if (existing === undefined) {
        all.push(interaction);
        byKey.set(interactionKey(interaction), interaction);
      } else if (canonicalJson(existing) !== canonicalJson(interaction))
        throw new InputError(
          `${names(into.files, cwd)} and ${relative(cwd, next.file)} both have the ${into.consumer} → ${into.provider} interaction "${String(interaction.description)}"${statesText(interaction)} with different content`,
          next.file,
        );
    }
    merged[key] = all;
  }
  return merged;
}

/** What identifies an interaction across files: its description and provider states, as the official CLI compares them. */
function interactionKey(interaction: Record<string, unknown>): string {
  return canonicalJson([interaction.description ?? null, interaction.providerStates ?? interaction.providerState ?? null]);
}

function statesText(interaction: Record<string, unknown>): string {
  const states = (interaction.providerStates as { name?: string }[] | undefined)?.map((s) => s.name) ?? [interaction.providerState];
  const named = states.filter((s): s is string => typeof s === 'string');
  return named.length > 0 ? ` (given ${named.join(', ')})` : '';
}

function specificationVersion(pact: PactDocument): unknown {
  const metadata = pact.metadata ?? {};
  return (metadata.pactSpecification as { version?: unknown } | undefined)?.version ?? metadata.pactSpecificationVersion;
}

function names(files: readonly string[], cwd: string): string {
  return files.map((f) => relative(cwd, f) || f).join(', ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** JSON with object keys sorted at every level: the same pact gives the same bytes, whatever order its writer used. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'object' && v !== null && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => compare(a, b)))
      : v,
  );
}
