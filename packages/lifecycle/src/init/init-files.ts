/** The path, inside a project, of the config's JSON Schema as `@apilife/cli` ships it. */
export const CONFIG_SCHEMA_PATH = './node_modules/@apilife/cli/schema/apilife.config.schema.json';

/** The reusable GitHub Action of this repository, as a workflow outside it names it. */
export const ACTION_REF = 'apilife/apilife/.github/actions/apilife@main';

/** The package.json scripts `apilife init` adds. */
export const INIT_SCRIPTS: Readonly<Record<string, string>> = {
  'api:lint': 'apilife lint',
  'api:generate': 'apilife generate',
  'api:check': 'apilife check',
  'api:docs': 'apilife docs build',
};

/** What apilife writes that is not committed: the lint cache and the portal. */
export const GITIGNORE_LINES: readonly string[] = ['.apilife-cache/', 'docs-site/'];

/** A `generate` entry, as the config lists it: paths relative to the config's folder. */
export interface InitGenerateEntry {
  contract: string;
  out: string;
}

/**
 * `apilife.config.yaml` of a new project: the schema for editors, the contracts root, the lint
 * rulesets, the types of each first contract and the portal.
 */
export function configTemplate(options: { title: string; generate: readonly InitGenerateEntry[] }): string {
  return `# yaml-language-server: $schema=${CONFIG_SCHEMA_PATH}
# apilife project configuration (written by apilife init). Paths are relative to this file.
$schema: ${CONFIG_SCHEMA_PATH}
# The contracts root: $refs resolve only inside it.
contracts: contracts
lint:
  spectral: .spectral.yaml
  redocly: redocly.yaml
  failSeverity: error
# What apilife generate writes (generate --check in CI fails when a committed file differs). Other
# targets: client, server (OpenAPI; they import @apilife/runtime-client / -server), paths
# (openapi-typescript's types, for openapi-fetch), validators, messaging (AsyncAPI; imports
# @apilife/messaging), pact.
generate:
${options.generate.map((g) => `  - { contract: ${g.contract}, targets: [types], out: ${g.out} }`).join('\n')}
# apilife check compares with origin/HEAD (else origin/main, main, …); name another ref with
# policy: { base: origin/develop }. The policy per stage: README "apilife check".
docs:
  title: ${JSON.stringify(options.title)}
  out: docs-site
`;
}

/** `.spectral.yaml`: Spectral's OpenAPI and AsyncAPI rulesets and apilife's house rules, as README "House rules" shows. */
export const SPECTRAL_RULESET = `# The Spectral ruleset apilife lint runs: Spectral's OpenAPI and AsyncAPI rulesets and apilife's
# house rules (apilife:recommended). Change a rule's severity, or switch one off, under rules:
#   apilife/request-unknown-properties: error
extends:
  - spectral:oas
  - spectral:asyncapi
  - apilife:recommended
rules:
  # apilife's messaging implements AsyncAPI 3.0.0.
  asyncapi-latest-version: off
`;

/** `redocly.yaml`: Redocly's recommended rules, which apilife lint runs through @redocly/openapi-core. */
export const REDOCLY_CONFIG = `# Redocly's rules, run by apilife lint through @redocly/openapi-core.
extends:
  - recommended
`;

/** `.github/workflows/apilife.yml`: the reusable action on every pull request and push to main. */
export function workflowTemplate(options: { packageManager: 'npm' | 'pnpm' }): string {
  const install =
    options.packageManager === 'pnpm'
      ? `      - uses: actions/setup-node@v4
        with:
          node-version: 22
      - run: npm i -g pnpm
      - run: pnpm install --frozen-lockfile`
      : `      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci`;
  return `# apilife on every pull request: lint (SARIF to code scanning), generated code up to date, and
# apilife check against the pull request's base, whose breaking-change summary is posted as one
# comment on the pull request (updated on each push). Written by apilife init.
name: apilife

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  security-events: write # SARIF upload
  pull-requests: write # the check's comment

jobs:
  apilife:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
${install}
      # Pin to a release tag or a commit of apilife for repeatable builds.
      - uses: ${ACTION_REF}
`;
}
