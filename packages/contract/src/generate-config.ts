import { resolve } from 'node:path';
import { ConfigError } from './errors.ts';

/** One `generate` entry of the project config: a contract, the targets wanted, and where they go. */
export interface GenerateEntry {
  /** The contract file (absolute). */
  contract: string;
  /** Target names as written (`types`, `validators`, `client`, `server`); codegen checks them. */
  targets: string[];
  /** Output folder (absolute). */
  out: string;
  /** Where the entry is in the config, for messages: `generate[2]`. */
  at: string;
}

const ENTRY_KEYS = new Set(['contract', 'targets', 'out']);

/**
 * Reads the `generate` list: `[{ contract, targets, out }]`, paths relative to the config folder.
 * Wrong shapes are config errors naming the entry and field; two entries writing the same folder
 * from different contracts are refused (their files would overwrite each other).
 */
export function parseGenerateConfig(raw: unknown, dir: string, where: string, file: string | undefined): GenerateEntry[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new ConfigError(`${where}: generate must be a list of { contract, targets, out }`, file);
  const entries = raw.map((item: unknown, index): GenerateEntry => {
    const at = `generate[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new ConfigError(`${where}: ${at} must be a mapping with contract, targets and out`, file);
    const record = item as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!ENTRY_KEYS.has(key)) throw new ConfigError(`${where}: unknown key "${at}.${key}"`, file);
    for (const key of ['contract', 'out'] as const) {
      if (typeof record[key] !== 'string' || record[key] === '') throw new ConfigError(`${where}: ${at}.${key} must be a path`, file);
    }
    const targets = typeof record.targets === 'string' ? [record.targets] : record.targets;
    if (!Array.isArray(targets) || targets.length === 0 || targets.some((t) => typeof t !== 'string')) {
      throw new ConfigError(`${where}: ${at}.targets must be a list of target names (types, validators, client, server)`, file);
    }
    return { contract: resolve(dir, record.contract as string), targets: targets as string[], out: resolve(dir, record.out as string), at };
  });
  const byOut = new Map<string, GenerateEntry>();
  for (const entry of entries) {
    const other = byOut.get(entry.out);
    if (other && other.contract !== entry.contract)
      throw new ConfigError(`${where}: ${other.at} and ${entry.at} both write ${entry.out} from different contracts`, file);
    byOut.set(entry.out, entry);
  }
  return entries;
}
