import { dirname, relative, resolve } from 'node:path';
import { generate, isDrift, isTargetName, planUnits, TARGET_NAMES, TARGETS, type GenerateOptions, type UnitResult } from '@apilife/codegen';
import { isInside, loadProjectConfig, type GenerateEntry } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';
import { formatDuration } from '../output.ts';

const EXTENSIONS = { ts: '.ts', js: '.js', none: '' } as const;

/** `apilife generate`: typed clients, typed Hono servers, types and validators from OpenAPI contracts. */
export const generateCommand: CommandSpec = {
  usage: 'apilife generate [contract --target <name>... --out <dir>] [--check] [--format text|json]',
  help: `Without a contract, generates everything the \`generate\` list of apilife.config.yaml (or
apilife.config.ts) asks for: each entry names a contract, its targets and an output folder. Files are
*.gen.ts with a do-not-edit header; only files whose bytes change are written, and *.gen.ts files no
target produces any more are removed. Same contract → same bytes.

Targets: types (types.gen.ts), paths (paths.gen.ts: the paths, components and operations types
openapi-typescript writes, for openapi-fetch and openapi-react-query), validators (validators.gen.ts,
precompiled, no imports),
client (client.gen.ts on @apilife/runtime-client), server (server.gen.ts + contract.gen.ts, a Hono
app on @apilife/runtime-server) for OpenAPI contracts; messaging (messaging.gen.ts on
@apilife/messaging: createMessaging for the owner, createPeer for the services that talk to it)
for AsyncAPI contracts (3.0, or 2.0–2.6 converted in memory); pact (pact.gen.ts on @apilife/pact
and the official @pact-foundation/pact: typed consumer interactions per operation, or per message
the provider sends, provider states from x-provider-states, state handlers and message producers
for the provider's verification) for both.
client, server and messaging bring types and validators with them; pact brings types.

Options:
      --check                  regenerate in memory and compare with the files on disk; exit 1
                               naming every file that differs, is missing or is stale
  -t, --target <name>          ad hoc: a target for the contract given (repeatable)
  -o, --out <dir>              ad hoc: the output folder
      --root <dir>             ad hoc: the folder $refs may resolve in (default: the contracts root
                               when the contract is inside it, else the contract's folder)
      --import-extension <ext> ts (default), js or none: extension of imports between generated files
  -f, --format <name>          text (default) or json
  -c, --config <file>          the project config (default: apilife.config.yaml, searched upwards)
  -h, --help                   this help

Exit codes: 0 done (or no drift), 1 drift found by --check, 2 usage, config or contract errors.

Examples:
  apilife generate
  apilife generate --check
  apilife generate contracts/accounts/openapi.yaml --target client --out src/generated/accounts
  apilife generate contracts/accounts/openapi.yaml --target paths --out src/generated/accounts
  apilife generate api.yaml -t types -t server -o generated --format json
  apilife generate contracts/delivery/asyncapi.yaml -t messaging -o src/generated/delivery-messaging`,
  options: {
    check: { type: 'boolean' },
    target: { type: 'string', short: 't', multiple: true },
    out: { type: 'string', short: 'o' },
    root: { type: 'string' },
    'import-extension': { type: 'string' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    const extension = (values['import-extension'] as string | undefined) ?? 'ts';
    if (!(extension in EXTENSIONS)) throw new UsageError(`unknown import extension "${extension}": use ts, js or none`);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const adHoc = adHocEntry(positionals, values, cwd);
    const entries = adHoc ? [adHoc] : config.generate;
    if (entries.length === 0) {
      throw new UsageError(
        `nothing to generate: add a generate list to ${config.file ? relative(cwd, config.file) : 'apilife.config.yaml'}, or name a contract with --target and --out`,
      );
    }
    const units = planUnits(entries, TARGETS, config.file);
    const check = values.check === true;
    const projectDir = config.dir;
    const contractsRoot = adHoc
      ? (values.root as string | undefined)
        ? resolve(cwd, values.root as string)
        : isInside(adHoc.contract, config.contracts)
          ? config.contracts
          : dirname(adHoc.contract)
      : config.contracts;
    const options: GenerateOptions = {
      projectDir: adHoc ? cwd : projectDir,
      contractsRoot,
      allowRefs: config.lint.allowRefs,
      check,
      importExtension: EXTENSIONS[extension as keyof typeof EXTENSIONS],
      regenerateCommand: adHoc ? adHocCommand(adHoc, cwd, extension) : 'pnpm apilife generate',
      onUnit: format === 'text' ? (result) => output.info(describeUnit(result, cwd, check)) : undefined,
    };
    const started = performance.now();
    const results = await generate(units, options);
    const drift = results.flatMap((r) => r.files).filter((f) => isDrift(f.status));
    if (format === 'json') output.result(JSON.stringify(toJson(results, drift.length > 0, cwd), null, 2));
    else {
      const files = results.reduce((n, r) => n + r.files.length, 0);
      if (check && drift.length > 0) {
        for (const file of drift) output.error(`${relative(cwd, file.path)} ${DRIFT_WORDS[file.status as keyof typeof DRIFT_WORDS]}`);
        output.info(`\n${drift.length} generated file${drift.length === 1 ? '' : 's'} out of date. Fix: ${options.regenerateCommand}`);
      } else
        output.info(
          `${check ? 'up to date' : 'generated'}: ${results.length} folder${results.length === 1 ? '' : 's'} · ${files} files · ${formatDuration(performance.now() - started)}`,
        );
    }
    return check && drift.length > 0 ? EXIT.findings : EXIT.ok;
  },
};

const DRIFT_WORDS = {
  differs: 'differs from what the contract generates',
  missing: 'is missing',
  stale: 'is stale (no target generates it any more)',
} as const;

function adHocEntry(positionals: string[], values: Record<string, unknown>, cwd: string): GenerateEntry | undefined {
  const targets = (values.target as string[] | undefined) ?? [];
  if (positionals.length === 0) {
    if (targets.length > 0 || values.out)
      throw new UsageError('--target and --out need a contract: apilife generate <contract> --target <name> --out <dir>');
    return undefined;
  }
  if (positionals.length > 1) throw new UsageError(`one contract at a time (got ${positionals.length})`);
  if (targets.length === 0) throw new UsageError(`name at least one --target (${TARGET_NAMES.join(', ')})`);
  for (const t of targets) if (!isTargetName(t)) throw new UsageError(`unknown target "${t}": use ${TARGET_NAMES.join(', ')}`);
  if (typeof values.out !== 'string') throw new UsageError('name the output folder with --out <dir>');
  return { contract: resolve(cwd, positionals[0]!), targets, out: resolve(cwd, values.out), at: 'command line' };
}

function adHocCommand(entry: GenerateEntry, cwd: string, extension: string): string {
  const targets = entry.targets.map((t) => `--target ${t}`).join(' ');
  const ext = extension === 'ts' ? '' : ` --import-extension ${extension}`;
  return `apilife generate ${relative(cwd, entry.contract)} ${targets} --out ${relative(cwd, entry.out) || '.'}${ext}`;
}

function describeUnit(result: UnitResult, cwd: string, check: boolean): string {
  const counts = new Map<string, number>();
  for (const file of result.files) counts.set(file.status, (counts.get(file.status) ?? 0) + 1);
  const changes = [...counts].filter(([status]) => status !== 'unchanged').map(([status, n]) => `${n} ${status}`);
  const mark = check && result.files.some((f) => isDrift(f.status)) ? '✘' : '✓';
  return `${mark} ${relative(cwd, result.unit.out) || '.'} · ${result.unit.targets.join(', ')} · ${result.files.length} files${changes.length ? ` (${changes.join(', ')})` : ''} · ${formatDuration(result.durationMs)}`;
}

function toJson(results: UnitResult[], drift: boolean, cwd: string) {
  return {
    drift,
    units: results.map((r) => ({
      contract: relative(cwd, r.unit.contract),
      out: relative(cwd, r.unit.out),
      targets: r.unit.targets,
      files: r.files.map((f) => ({ path: relative(cwd, f.path), status: f.status })),
      durationMs: Math.round(r.durationMs),
      timings: Object.fromEntries(Object.entries(r.timings).map(([k, v]) => [k, Math.round(v)])),
    })),
  };
}
