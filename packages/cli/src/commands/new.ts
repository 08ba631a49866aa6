import { relative } from 'node:path';
import { exampleGenerateEntry, isServiceName, planNewApi, writeNewApi, type NewApiKind } from '@apilife/lifecycle';
import { loadProjectConfig } from '@apilife/contract';
import { EXIT, UsageError, type CommandSpec } from '../command.ts';

const KINDS: Record<string, NewApiKind[]> = { openapi: ['openapi'], asyncapi: ['asyncapi'], both: ['openapi', 'asyncapi'] };

/** `apilife new`: a new API at the plan stage, from a template that passes `apilife lint`. */
export const newCommand: CommandSpec = {
  usage: 'apilife new <service> [--kind openapi|asyncapi|both] [--owner <team>] [--title <name>] [--format text|json]',
  help: `Writes a contract to fill in: info (title, version 0.1.0, a description saying what to write,
contact, info.x-lifecycle { stage: plan, owner, planning }), a server, security and one example
operation in the house style: GET /v1/examples (cursor-paginated, problem details for errors) for
OpenAPI, an ExampleCreated event (CloudEvents headers) published on
<service>.examples.{exampleId}.events for AsyncAPI. Errors, pagination, ids and CloudEvents headers
are $refs into <contracts root>/_shared/ when the project has those files, else defined in the
contract. The contact email and URL and the license follow the project's other contracts when they
all agree. The result passes apilife lint.

The planning facts a reviewer needs are written TO FILL IN, each with a comment saying what goes
there: planning.audience (public, partner or internal), planning.consumers (the services or teams
on the other side), planning.dataClassification (public, internal, confidential or restricted) and
planning.slo { availability (99.9%), latencyP99Ms (300) }. apilife lifecycle promote <service>
design refuses the contract until they are filled in and nothing of the template is left (no TO
FILL IN text, no example path, operation, channel, message or schema); develop needs a generate
entry for it in the project config.

Same arguments, same bytes (no dates, nothing random). Nothing is overwritten.

Options:
  -k, --kind <kind>     openapi (default), asyncapi or both
      --owner <team>    the owning team, info.x-lifecycle.owner (default: team-<service>)
      --title <name>    the service's name in titles (default from the service: billing-reports →
                        "Billing Reports", giving "Billing Reports API" and "Billing Reports messaging")
  -f, --format <name>   text (default) or json: { service, owner, title, files: [{ kind, path, shared }], next: [...] }
  -c, --config <file>   the project config (default: apilife.config.yaml, searched upwards)
  -h, --help            this help

Exit codes: 0 written, 2 usage, config or input errors (a service name that is not kebab-case, a
contract that already exists: nothing is written).

Examples:
  apilife new billing
  apilife new billing-reports --kind both --owner team-insights
  apilife new notifications --kind asyncapi --title "Customer Notifications"`,
  options: {
    kind: { type: 'string', short: 'k' },
    owner: { type: 'string' },
    title: { type: 'string' },
    format: { type: 'string', short: 'f' },
    config: { type: 'string', short: 'c' },
  },
  async run({ values, positionals, output, cwd }) {
    const format = (values.format as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown format "${format}": use text or json`);
    if (positionals.length !== 1) throw new UsageError(`name one service (got ${positionals.length}): apilife new <service>`);
    const service = positionals[0]!;
    if (!isServiceName(service))
      throw new UsageError(
        `"${service}" is not a service name: use kebab-case (lower-case letters, digits and single dashes, starting with a letter), e.g. billing-reports`,
      );
    const kind = (values.kind as string | undefined) ?? 'openapi';
    const kinds = KINDS[kind];
    if (!kinds) throw new UsageError(`unknown kind "${kind}": use openapi, asyncapi or both`);
    const config = await loadProjectConfig(cwd, values.config as string | undefined);
    const plan = planNewApi(config, {
      service,
      kinds,
      ...(values.owner !== undefined ? { owner: values.owner as string } : {}),
      ...(values.title !== undefined ? { title: values.title as string } : {}),
    });
    await writeNewApi(plan);
    const files = plan.contracts.map((c) => relative(cwd, c.file));
    const generate = plan.contracts.map((c) => exampleGenerateEntry(config, { file: c.file, kind: c.kind, service }));
    const next = [
      `fill in the planning facts (info.x-lifecycle.planning: audience, consumers, dataClassification, slo), the description, contact and servers, and replace the example ${plan.contracts.length > 1 ? 'operations' : 'operation'} with the first real ones`,
      `apilife lint ${files.join(' ')}`,
      `apilife lifecycle promote ${service} design`,
      `before develop, add generate entries to ${config.file ? relative(cwd, config.file) : 'apilife.config.yaml'}: ${generate.join(', ')}`,
    ];
    if (format === 'json') {
      output.result(
        JSON.stringify(
          {
            service,
            owner: plan.owner,
            title: plan.title,
            files: plan.contracts.map((c, i) => ({ kind: c.kind, path: files[i], shared: c.shared })),
            next,
          },
          null,
          2,
        ),
      );
    } else {
      output.result(
        [
          `created ${service} at stage plan (owner ${plan.owner}):`,
          ...files.map((f) => `  ✓ ${f}`),
          '',
          'next:',
          ...next.map((n, i) => `  ${i + 1}. ${n}`),
        ].join('\n'),
      );
    }
    return EXIT.ok;
  },
};
