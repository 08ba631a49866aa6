import { relative, resolve } from 'node:path';
import { planInit, writeInit, type NewApiKind } from '@apilife/lifecycle';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';

const KINDS: Record<string, NewApiKind[]> = { openapi: ['openapi'], asyncapi: ['asyncapi'], both: ['openapi', 'asyncapi'] };
const MARK = { create: '✓', overwrite: '✓', merge: '✓', keep: '·' } as const;
const DONE = { create: 'written', overwrite: 'overwritten', merge: 'merged', keep: 'kept' } as const;

/** `apilife init`: a repository set up for apilife in one command. */
export const initCommand: CommandSpec = {
  usage: 'apilife init [dir] [--service <name>] [--kind openapi|asyncapi|both] [--ci github|none] [--force] [--format text|json]',
  help: `Sets up a project (the current folder, or dir, which must exist) for apilife:
  apilife.config.yaml             the config, with its JSON Schema for editor completion
                                  (# yaml-language-server: $schema=… and a $schema key), a generate
                                  entry (types) for the first contract
  .spectral.yaml                  Spectral's OpenAPI and AsyncAPI rulesets and the house rules
                                  (extends apilife:recommended)
  redocly.yaml                    Redocly's recommended rules
  contracts/<service>/*.yaml      the first contract, from the apilife new template (stage plan)
  package.json                    scripts api:lint, api:generate, api:check, api:docs (added to an
                                  existing package.json, nothing else in it changed; created if missing)
  .gitignore                      .apilife-cache/ (the lint cache) and docs-site/ (the portal), added
                                  to an existing one when missing
  .github/workflows/apilife.yml   lint with SARIF upload, generate --check, apilife check against the
                                  pull request's base, and the breaking-change summary as a comment,
                                  through the reusable action (--ci none leaves it out)

A file that exists is kept (and listed as kept) unless --force; a contract is never overwritten, and
scripts package.json has already are kept. A second run changes nothing.

Options:
      --service <name>  the first API's service, kebab-case (default: package.json's name, else
                        the folder's name)
  -k, --kind <kind>     openapi (default), asyncapi or both
      --ci <ci>         github (default) or none
      --force           overwrite the config files and the workflow
  -f, --format <name>   text (default) or json: { dir, service, files: [{ path, action, note }], next: [...] }
  -h, --help            this help

Exit codes: 0 done, 2 usage or input errors (a folder that does not exist or is not writable, a
service name that is not kebab-case, a package.json that is not JSON: nothing written).

Examples:
  apilife init
  apilife init services/billing --service billing --kind both
  apilife init --ci none --format json`,
  options: {
    service: { type: 'string' },
    kind: { type: 'string', short: 'k' },
    ci: { type: 'string' },
    force: { type: 'boolean' },
    format: { type: 'string', short: 'f' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    if (positionals.length > 1) throw new UsageError(`name at most one folder (got ${positionals.join(' ')})`);
    const kind = (values.kind as string | undefined) ?? 'openapi';
    const kinds = KINDS[kind];
    if (!kinds) throw new UsageError(`unknown kind "${kind}": use openapi, asyncapi or both`);
    const ci = (values.ci as string | undefined) ?? 'github';
    if (ci !== 'github' && ci !== 'none') throw new UsageError(`unknown --ci "${ci}": use github or none`);
    const dir = resolve(cwd, positionals[0] ?? '.');
    const plan = await planInit({
      dir,
      kinds,
      ci: ci === 'github',
      force: values.force === true,
      ...(values.service !== undefined ? { service: values.service as string } : {}),
    });
    await writeInit(plan);
    const shown = relative(cwd, dir) || '.';
    const next = shown === '.' ? plan.next : [`cd ${shown}`, ...plan.next];
    if (format === 'json') {
      output.result(
        JSON.stringify({ dir: shown, service: plan.service, files: plan.files.map(({ text: _text, ...file }) => file), next }, null, 2),
      );
      return EXIT.ok;
    }
    const width = Math.max(...plan.files.map((f) => f.path.length));
    const changed = plan.files.filter((f) => f.action !== 'keep').length;
    output.result(
      [
        `apilife init ${shown} · service ${plan.service}`,
        ...plan.files.map((f) => `  ${MARK[f.action]} ${f.path.padEnd(width)}  ${DONE[f.action]}${f.note ? `: ${f.note}` : ''}`),
        '',
        changed === 0 ? 'nothing changed: the project is set up' : `${changed} file${changed === 1 ? '' : 's'} written`,
        '',
        'next:',
        ...next.map((n, i) => `  ${i + 1}. ${n}`),
      ].join('\n'),
    );
    return EXIT.ok;
  },
};
