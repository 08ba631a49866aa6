import { cpSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tempProject, type TempProject } from './temp-project.ts';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/** The Delivery messaging contract written in AsyncAPI 2.6 (a fixture of `@apilife/contract`). */
export const DELIVERY_ASYNCAPI_26 = fileURLToPath(
  new URL('../../contract/src/asyncapi2/__fixtures__/delivery-asyncapi-2.6.yaml', import.meta.url),
);

/** The repository's own `contracts/delivery/asyncapi.yaml` (AsyncAPI 3.0). */
export const DELIVERY_ASYNCAPI_30 = `${REPO}contracts/delivery/asyncapi.yaml`;

/**
 * A temp project whose `contracts/` holds the repository's `_shared`, `drone-management` and
 * `delivery` contracts, with `delivery/asyncapi.yaml` replaced by its AsyncAPI 2.6 version: what a
 * team on AsyncAPI 2 has. Remove it after the test.
 */
export function asyncApi2Project(): TempProject {
  const project = tempProject();
  for (const folder of ['_shared', 'drone-management', 'delivery'])
    cpSync(`${REPO}contracts/${folder}`, project.path(`contracts/${folder}`), { recursive: true });
  project.write('contracts/delivery/asyncapi.yaml', readFileSync(DELIVERY_ASYNCAPI_26, 'utf8'));
  return project;
}
