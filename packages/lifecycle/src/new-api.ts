import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { InputError, type ProjectConfig } from '@apilife/contract';
import { asyncapiTemplate } from './templates/asyncapi.ts';
import { fillOwner, houseDefaults } from './templates/house-defaults.ts';
import { openapiTemplate } from './templates/openapi.ts';
import type { TemplateInput } from './templates/template-input.ts';

/** The contracts `apilife new` writes. */
export type NewApiKind = 'openapi' | 'asyncapi';

/** What `apilife new` is asked for. */
export interface NewApiOptions {
  /** The service folder: kebab-case (`billing-reports`). */
  service: string;
  kinds: readonly NewApiKind[];
  /** Default: `team-<service>`. */
  owner?: string;
  /** The service's name in titles. Default: from the service, `billing-reports` → `Billing Reports`. */
  title?: string;
}

/** One contract to write: its kind, where, and its text. */
export interface NewContract {
  kind: NewApiKind;
  /** Absolute. */
  file: string;
  text: string;
  /** It references `<contracts root>/_shared/*.yaml` (the project has them) instead of defining errors, pagination, ids and headers itself. */
  shared: boolean;
}

/** A new API, ready to write: the owner and title used, and its contracts. */
export interface NewApiPlan {
  service: string;
  owner: string;
  title: string;
  contracts: NewContract[];
}

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** The shared fragments each template references when they are all there. */
const SHARED_FILES: Record<NewApiKind, readonly string[]> = {
  openapi: ['problem.yaml', 'pagination.yaml', 'ids.yaml'],
  asyncapi: ['cloudevents.yaml', 'ids.yaml'],
};

/** True for a service name `apilife new` accepts: kebab-case, starting with a letter. */
export const isServiceName = (name: string): boolean => KEBAB.test(name) && name.length <= 64;

/**
 * Plans a new API at the `plan` stage: the contract text for each kind, from the templates,
 * referencing the project's `_shared` fragments (problem details, pagination, ids, CloudEvents)
 * when it has them, with the contact and license made as in the project's other contracts. Throws `InputError` for a name
 * that is not kebab-case or a contract that already exists. Same options → same bytes.
 * @example
 * const plan = planNewApi(config, { service: 'billing', kinds: ['openapi'] });
 * await writeNewApi(plan);
 */
export function planNewApi(config: ProjectConfig, options: NewApiOptions): NewApiPlan {
  const { service } = options;
  if (!isServiceName(service))
    throw new InputError(
      `"${service}" is not a service name: use kebab-case (lower-case letters, digits and single dashes, starting with a letter), e.g. billing-reports`,
      undefined,
      { code: 'bad-service-name' },
    );
  const owner = options.owner?.trim() || `team-${service}`;
  const title =
    options.title?.trim() ||
    service
      .split('-')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(' ');
  const house = houseDefaults(config.contracts);
  const contracts = [...new Set(options.kinds)].map((kind): NewContract => {
    const input: TemplateInput = {
      service,
      name: title,
      owner,
      shared: SHARED_FILES[kind].every((f) => existsSync(join(config.contracts, '_shared', f))),
    };
    if (house.email) input.email = fillOwner(house.email, owner);
    if (house.url) input.url = fillOwner(house.url, owner);
    if (house.license[kind]) input.license = house.license[kind];
    return {
      kind,
      file: join(config.contracts, service, `${kind}.yaml`),
      text: kind === 'openapi' ? openapiTemplate(input) : asyncapiTemplate(input),
      shared: input.shared,
    };
  });
  const existing = contracts.filter((c) => existsSync(c.file));
  if (existing.length > 0)
    throw new InputError(
      `${existing.map((c) => c.file).join(' and ')} already exist${existing.length === 1 ? 's' : ''}: nothing written (choose another name, or edit the contract)`,
      existing[0]!.file,
      { code: 'api-exists' },
    );
  return { service, owner, title, contracts };
}

/** Writes a planned API; never overwrites a file (one created meanwhile is an `InputError`). */
export async function writeNewApi(plan: NewApiPlan): Promise<void> {
  for (const contract of plan.contracts) {
    await mkdir(join(contract.file, '..'), { recursive: true });
    try {
      await writeFile(contract.file, contract.text, { flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new InputError(`${contract.file} already exists: not overwritten`, contract.file, { code: 'api-exists' });
      throw error;
    }
  }
}

/**
 * A `generate` entry for a contract, as `apilife new` and the `generated` gate suggest it: the
 * service's server (OpenAPI) or messaging code (AsyncAPI) under `services/<service>/src/generated/`,
 * paths relative to the config's folder.
 * @example
 * exampleGenerateEntry(config, { file, kind: 'openapi', service: 'pets' });
 * // { contract: contracts/pets/openapi.yaml, targets: [server], out: services/pets/src/generated/pets }
 */
export function exampleGenerateEntry(config: ProjectConfig, contract: { file: string; kind: NewApiKind; service: string }): string {
  const { file, kind, service } = contract;
  const path = relative(config.dir, file).split('\\').join('/');
  return `{ contract: ${path}, targets: [${kind === 'openapi' ? 'server' : 'messaging'}], out: services/${service}/src/generated/${service}${kind === 'asyncapi' ? '-messaging' : ''} }`;
}
