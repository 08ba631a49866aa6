import { ConfigError, type GenerateEntry } from '@apilife/contract';
import { TARGET_NAMES, type Target, type TargetName } from './target.ts';

/** One output folder: a contract and the targets generated into it (dependencies included, in order). */
export interface GenerateUnit {
  /** Contract file (absolute). */
  contract: string;
  /** Output folder (absolute). */
  out: string;
  targets: TargetName[];
}

/**
 * The plan pass: config entries (or ad hoc flags) → units. Unknown target names are config errors
 * naming the entry; entries writing the same folder merge; every target brings the targets its code
 * imports (`client` → `types`, `validators`). Targets are ordered as `TARGET_NAMES`.
 */
export function planUnits(
  entries: readonly GenerateEntry[],
  targets: Readonly<Record<TargetName, Target>>,
  configFile?: string,
): GenerateUnit[] {
  const units = new Map<string, { contract: string; out: string; targets: Set<TargetName> }>();
  for (const entry of entries) {
    const unit = units.get(entry.out) ?? { contract: entry.contract, out: entry.out, targets: new Set<TargetName>() };
    for (const name of entry.targets) {
      if (!isTargetName(name))
        throw new ConfigError(
          `${configFile ?? 'config'}: ${entry.at}.targets: unknown target "${name}" (use ${TARGET_NAMES.join(', ')})`,
          configFile,
        );
      addWithDependencies(unit.targets, name, targets);
    }
    units.set(entry.out, unit);
  }
  return [...units.values()].map((u) => ({ contract: u.contract, out: u.out, targets: TARGET_NAMES.filter((t) => u.targets.has(t)) }));
}

export function isTargetName(name: string): name is TargetName {
  return (TARGET_NAMES as readonly string[]).includes(name);
}

function addWithDependencies(set: Set<TargetName>, name: TargetName, targets: Readonly<Record<TargetName, Target>>): void {
  if (set.has(name)) return;
  set.add(name);
  for (const dependency of targets[name].dependsOn) addWithDependencies(set, dependency, targets);
}
