import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

/** What a contract's `info['x-lifecycle']` says, read with a plain YAML parser. */
export interface LifecycleOnDisk {
  stage: unknown;
  owner: unknown;
}

/**
 * The stage and owner of every `contracts/<service>/{openapi,asyncapi}.yaml` under `repo`, keyed
 * `<service>/<kind>.yaml`: what tests compare `apilife lifecycle status` against.
 * @example
 * contractsOnDisk('/work/main').get('delivery/openapi.yaml'); // { stage: 'maintain', owner: 'team-delivery' }
 */
export function contractsOnDisk(repo: string): Map<string, LifecycleOnDisk> {
  const found = new Map<string, LifecycleOnDisk>();
  for (const service of readdirSync(join(repo, 'contracts')).filter((d) => !d.startsWith('_'))) {
    for (const kind of ['openapi', 'asyncapi']) {
      let text: string;
      try {
        text = readFileSync(join(repo, 'contracts', service, `${kind}.yaml`), 'utf8');
      } catch {
        continue;
      }
      const lifecycle = parse(text).info['x-lifecycle'];
      found.set(`${service}/${kind}.yaml`, { stage: lifecycle.stage, owner: lifecycle.owner });
    }
  }
  return found;
}
