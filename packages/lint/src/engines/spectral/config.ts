import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ruleset, type RulesetDefinition } from '@stoplight/spectral-core';
import * as formats from '@stoplight/spectral-formats';
import * as coreFunctions from '@stoplight/spectral-functions';
import { ConfigError } from '@apilife/contract';
import { parse as parseYaml } from 'yaml';
import { BUILTIN_RULESETS } from './rulesets.ts';

/** The name under which a `.spectral.yaml` extends the house rules. */
export const HOUSE_RULESET = 'apilife:recommended';
const HOUSE_PREFIX = 'apilife/';

/** What a `.spectral.yaml` says: a Spectral ruleset, and whether and how the house rules run. */
export interface SpectralConfig {
  file: string;
  ruleset: Ruleset;
  /** True when the file (or one it extends) extends `apilife:recommended`: the house style rules run (the safety rules always do). */
  house: boolean;
  /** Severity overrides for house rules, from `rules: { apilife/<id>: <severity> }`. */
  houseSeverities: Record<string, string | boolean>;
}

type Raw = Record<string, unknown>;

/**
 * Loads a Spectral ruleset file (YAML or JSON) the way Spectral reads it: `extends` (built-in
 * `spectral:oas` / `spectral:asyncapi`, local files, `[name, 'all' | 'recommended' | 'off']`),
 * `rules` (overrides or new rules using Spectral's core functions or the file's own `functions`
 * from `functionsDir`), `overrides`, `aliases`, `formats`. Remote rulesets are refused: nothing
 * is fetched. `apilife:recommended` and `apilife/*` rules configure the house rules.
 */
export async function loadSpectralConfig(file: string): Promise<SpectralConfig> {
  const state = { house: false, houseSeverities: {} as Record<string, string | boolean> };
  const definition = await loadDefinition(resolve(file), state, new Set());
  let ruleset: Ruleset;
  try {
    ruleset = new Ruleset(definition, { severity: 'recommended', source: resolve(file) });
  } catch (error) {
    throw new ConfigError(`invalid Spectral ruleset ${file}: ${(error as Error).message}`, file, { cause: error });
  }
  return { file: resolve(file), ruleset, ...state };
}

async function loadDefinition(
  file: string,
  state: { house: boolean; houseSeverities: Record<string, string | boolean> },
  seen: Set<string>,
): Promise<RulesetDefinition> {
  if (seen.has(file)) throw new ConfigError(`ruleset ${file} extends itself`, file);
  seen.add(file);
  let raw: Raw;
  try {
    const parsed: unknown = parseYaml(await readFile(file, 'utf8'), { maxAliasCount: 100 });
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('a ruleset must be a mapping');
    raw = parsed as Raw;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'file not found' : (error as Error).message;
    throw new ConfigError(`cannot load Spectral ruleset ${file}: ${reason}`, file, { cause: error });
  }
  const folder = dirname(file);
  const functions = await loadFunctions(raw, folder, file);
  const out: Raw = { ...raw };
  delete out.functions;
  delete out.functionsDir;
  if (raw.extends !== undefined) {
    const entries = Array.isArray(raw.extends) ? raw.extends : [raw.extends];
    const extended: unknown[] = [];
    for (const entry of entries) {
      const [name, severity] = Array.isArray(entry) ? (entry as [unknown, unknown]) : [entry, undefined];
      if (typeof name !== 'string') throw new ConfigError(`${file}: extends entries must be ruleset names or paths`, file);
      if (name === HOUSE_RULESET) {
        state.house = severity !== 'off';
        continue;
      }
      const definition = await extendedDefinition(name, folder, file, state, seen);
      extended.push(severity === undefined ? definition : [definition, severity]);
    }
    out.extends = extended;
  }
  if (raw.formats !== undefined) out.formats = toFormats(raw.formats, file);
  if (raw.rules !== undefined) {
    if (raw.rules === null || typeof raw.rules !== 'object') throw new ConfigError(`${file}: rules must be a mapping`, file);
    // No prototype: a rule named `__proto__` stays a rule name.
    const rules: Raw = Object.create(null) as Raw;
    for (const [id, rule] of Object.entries(raw.rules as Raw)) {
      if (id.startsWith(HOUSE_PREFIX)) {
        state.houseSeverities[id] =
          typeof rule === 'object' && rule !== null ? String((rule as Raw).severity ?? 'error') : (rule as string | boolean);
        continue;
      }
      rules[id] = typeof rule === 'object' && rule !== null ? toRule(rule as Raw, functions, file, id) : rule;
    }
    out.rules = rules;
  }
  if (Array.isArray(raw.overrides)) {
    out.overrides = raw.overrides.map((o: Raw) =>
      o.rules
        ? {
            ...o,
            rules: Object.fromEntries(
              Object.entries(o.rules as Raw).map(([id, r]) => [
                id,
                typeof r === 'object' && r !== null ? toRule(r as Raw, functions, file, id) : r,
              ]),
            ),
          }
        : o,
    );
  }
  return out as unknown as RulesetDefinition;
}

async function extendedDefinition(
  name: string,
  folder: string,
  file: string,
  state: { house: boolean; houseSeverities: Record<string, string | boolean> },
  seen: Set<string>,
): Promise<RulesetDefinition> {
  const builtin = BUILTIN_RULESETS[name];
  if (builtin) return builtin();
  if (/^[a-z]+:\/\//i.test(name)) {
    throw new ConfigError(
      `${file}: extends "${name}": remote rulesets are not fetched; download it into the repository and extend the local file`,
      file,
    );
  }
  if (name.startsWith('.') || isAbsolute(name) || /\.(ya?ml|json)$/.test(name)) {
    return loadDefinition(isAbsolute(name) ? name : join(folder, name), state, seen);
  }
  throw new ConfigError(
    `${file}: extends "${name}": unknown ruleset (use spectral:oas, spectral:asyncapi, ${HOUSE_RULESET} or a relative file)`,
    file,
  );
}

type RulesetFn = (...args: unknown[]) => unknown;

async function loadFunctions(raw: Raw, folder: string, file: string): Promise<Record<string, RulesetFn>> {
  const names = raw.functions;
  if (names === undefined) return {};
  if (!Array.isArray(names)) throw new ConfigError(`${file}: functions must be a list of names`, file);
  const dir = join(folder, typeof raw.functionsDir === 'string' ? raw.functionsDir : 'functions');
  const loaded: Record<string, RulesetFn> = {};
  for (const name of names) {
    const path = join(dir, `${String(name)}.js`);
    try {
      const module = (await import(pathToFileURL(path).href)) as { default?: RulesetFn };
      if (typeof module.default !== 'function') throw new Error('its default export is not a function');
      loaded[String(name)] = module.default;
    } catch (error) {
      throw new ConfigError(`${file}: cannot load function "${String(name)}" from ${path}: ${(error as Error).message}`, file, {
        cause: error,
      });
    }
  }
  return loaded;
}

function toRule(rule: Raw, functions: Record<string, RulesetFn>, file: string, id: string): Raw {
  const out: Raw = { ...rule };
  if (rule.formats !== undefined) out.formats = toFormats(rule.formats, file);
  if (rule.then !== undefined) {
    const thens = Array.isArray(rule.then) ? rule.then : [rule.then];
    const mapped = thens.map((then: Raw) => {
      if (typeof then?.function !== 'string') return then;
      const fn = functions[then.function] ?? (coreFunctions as unknown as Record<string, RulesetFn>)[then.function];
      if (!fn) throw new ConfigError(`${file}: rule ${id}: unknown function "${then.function}"`, file);
      return { ...then, function: fn };
    });
    out.then = Array.isArray(rule.then) ? mapped : mapped[0];
  }
  return out;
}

function toFormats(value: unknown, file: string): unknown[] {
  if (!Array.isArray(value)) throw new ConfigError(`${file}: formats must be a list`, file);
  return value.map((name) => {
    const format = (formats as unknown as Record<string, unknown>)[String(name).replace(/[.-]/g, '_')];
    if (!format) throw new ConfigError(`${file}: unknown format "${String(name)}"`, file);
    return format;
  });
}

/** The ruleset used when the project has no `.spectral.yaml`: `spectral:oas` and `spectral:asyncapi` (and apilife's safety rules, which always run). */
export function defaultSpectralConfig(): SpectralConfig {
  const definition = {
    extends: [BUILTIN_RULESETS['spectral:oas']!(), BUILTIN_RULESETS['spectral:asyncapi']!()],
  } as unknown as RulesetDefinition;
  return { file: '(defaults)', ruleset: new Ruleset(definition, { severity: 'recommended' }), house: false, houseSeverities: {} };
}
