import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_LIMITS, parseSource } from '@apilife/contract';

/** A contract's license, as the project's other contracts of the same kind write it. */
export type License = { name: string } & Partial<Record<'identifier' | 'url', string>>;

/** What a new contract takes over from the project's existing ones when they all agree. */
export interface HouseDefaults {
  license: Partial<Record<'openapi' | 'asyncapi', License>>;
  /** `info.contact.email` with the owner as `{owner}`: `{owner}@example.org`. */
  email?: string;
  /** `info.contact.url` with the owner as `{owner}`, or without its `team-` prefix as `{team}`. */
  url?: string;
}

/**
 * Reads `info` of every contract under the contracts root and answers what they all share: the
 * license (per kind) and how the contact email and URL are made from the owner
 * (`team-package` → `team-package@corp.example`, `https://corp.example/teams/package`).
 * Anything the contracts disagree on, or that is missing in one of them, is left out.
 */
export function houseDefaults(contractsRoot: string): HouseDefaults {
  const infos = contractInfos(contractsRoot);
  const defaults: HouseDefaults = { license: {} };
  for (const kind of ['openapi', 'asyncapi'] as const) {
    const license = agreed(
      infos.filter((i) => i.kind === kind).map((i) => (isLicense(i.info.license) ? JSON.stringify(i.info.license) : undefined)),
    );
    if (license) defaults.license[kind] = JSON.parse(license) as License;
  }
  const withOwner = infos
    .map(({ info }) => ({ owner: ownerOf(info), contact: (info.contact ?? {}) as Record<string, unknown> }))
    .filter((i) => i.owner);
  const email = agreed(withOwner.map(({ owner, contact }) => pattern(contact.email, owner!)));
  const url = agreed(withOwner.map(({ owner, contact }) => pattern(contact.url, owner!)));
  if (email) defaults.email = email;
  if (url) defaults.url = url;
  return defaults;
}

/** Fills `{owner}` and `{team}` (the owner without `team-`). */
export function fillOwner(pattern: string, owner: string): string {
  return pattern.replaceAll('{owner}', owner).replaceAll('{team}', owner.replace(/^team-/, ''));
}

function contractInfos(root: string): { kind: 'openapi' | 'asyncapi'; info: Record<string, unknown> }[] {
  const infos: { kind: 'openapi' | 'asyncapi'; info: Record<string, unknown> }[] = [];
  let folders: string[] = [];
  try {
    folders = readdirSync(root, { withFileTypes: true })
      .filter((d) => d.isDirectory() && !d.name.startsWith('_') && !d.name.startsWith('.'))
      .map((d) => d.name)
      .sort();
  } catch {
    return infos;
  }
  for (const folder of folders) {
    for (const kind of ['openapi', 'asyncapi'] as const) {
      const file = join(root, folder, `${kind}.yaml`);
      let text: string;
      try {
        // Only a regular file within the loader's size limit: a FIFO would block this read for
        // good, a symlink may lead out of the contracts root, and a 50 MB file is no house style.
        // `bigint`: a plain sync stat of a FIFO would mislead Node 20's cached `realpathSync` (see `isRegularFile`).
        const info = lstatSync(file, { bigint: true });
        if (!info.isFile() || info.size > BigInt(DEFAULT_LIMITS.maxFileBytes)) continue;
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const info = (parseSource(text, file).value as { info?: unknown } | undefined)?.info;
      if (typeof info === 'object' && info !== null && !Array.isArray(info)) infos.push({ kind, info: info as Record<string, unknown> });
    }
  }
  return infos;
}

function ownerOf(info: Record<string, unknown>): string | undefined {
  const owner = (info['x-lifecycle'] as Record<string, unknown> | undefined)?.owner;
  return typeof owner === 'string' && /^[\w.-]+$/.test(owner) ? owner : undefined;
}

/** The value with the owner replaced by `{owner}` (or `{team}`); undefined when the owner is not in it. */
function pattern(value: unknown, owner: string): string | undefined {
  if (typeof value !== 'string') return undefined;
  if (value.includes(owner)) return value.replaceAll(owner, '{owner}');
  const team = owner.replace(/^team-/, '');
  const bounded = new RegExp(`(^|[/@.])${team.replace(/[.]/g, '\\.')}($|[/@.])`);
  return team !== owner && bounded.test(value) ? value.replace(bounded, '$1{team}$2') : undefined;
}

/** The value every item has, when there is at least one item and none differs or is missing. */
function agreed(values: (string | undefined)[]): string | undefined {
  const first = values[0];
  return first !== undefined && values.every((v) => v === first) ? first : undefined;
}

function isLicense(value: unknown): value is License {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    typeof (value as { name?: unknown }).name === 'string' &&
    entries.every(([k, v]) => ['name', 'identifier', 'url'].includes(k) && typeof v === 'string')
  );
}
