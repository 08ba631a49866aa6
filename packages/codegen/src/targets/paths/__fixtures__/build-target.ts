// Builds one target of the accounts contract in memory and says whether openapi-typescript was loaded (by import or require).
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildFiles, contextFor } from '@apilife/codegen';
import { loadIR } from '@apilife/contract';

const contracts = join(import.meta.dirname, '../../../../../../contracts');
const file = join(contracts, 'accounts/openapi.yaml');
const loaded = await loadIR(file, { root: contracts });
if (loaded.kind !== 'openapi') throw new Error('not OpenAPI');
const target = process.argv[2] as 'types' | 'paths';
const { files } = await buildFiles([target], contextFor(loaded, { contract: file }, { projectDir: contracts }));
const required = Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes('/openapi-typescript/'));
console.log(`${files.map((f) => f.path).join(',')} openapi-typescript required: ${required}`);
