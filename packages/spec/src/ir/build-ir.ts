import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { loadContracts } from '../load.ts';
import { bundle, type Bundled } from './bundle.ts';
import { isObject } from '../model/resolve.ts';
import { DocumentReader, originOf } from './document.ts';
import { buildOperations } from './operation-object.ts';
import { SchemaRegistry } from './schema-registry.ts';
import { readSecuritySchemes } from './security-scheme.ts';
import type { ApiIR } from './types.ts';

/**
 * Bundled OpenAPI document → `ApiIR`. Names are handed out here, once: component schemas first
 * (sorted keys), then operation type names that avoid them.
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
export function buildApiIR(bundled: Bundled): ApiIR {
  const { document, file } = bundled;
  if (typeof document.openapi !== 'string' || !/^3\.[01]\./.test(document.openapi)) {
    const what = typeof document.asyncapi === 'string' ? `an AsyncAPI ${document.asyncapi} document` : typeof document.swagger === 'string' ? 'a Swagger 2.0 document' : 'not an OpenAPI document';
    throw new InputError(`${file}: not an OpenAPI 3.0/3.1 document (${what}); apilife generate reads OpenAPI 3.x`, file, { code: 'not-openapi' });
  }
  const schemas = new SchemaRegistry(document, file, { origin: (pointer) => originOf(bundled.origins, file, pointer) });
  const reader = new DocumentReader(document, file, schemas, bundled.origins);
  const operations = buildOperations(reader, schemas.names);
  const named = schemas.finish();
  const info = isObject(document.info) ? document.info : {};
  const servers = (Array.isArray(document.servers) ? (document.servers as unknown[]) : []).filter(isObject);
  return {
    title: typeof info.title === 'string' ? info.title : 'API',
    version: typeof info.version === 'string' ? info.version : '0.0.0',
    file,
    servers: servers.filter((s) => typeof s.url === 'string').map((s) => (typeof s.description === 'string' ? { url: s.url as string, description: s.description } : { url: s.url as string })),
    schemas: named,
    operations,
    securitySchemes: readSecuritySchemes(reader),
    document,
  };
}

/**
 * Load → bundle → IR for one contract file, with the loader's limits and `$ref` policy. A contract
 * that cannot be read (missing, bad syntax, a `$ref` outside the root) is an `InputError` naming
 * the file and line.
 * @example
 * const api = await loadApiIR('contracts/delivery/openapi.yaml', { root: 'contracts' });
 */
export async function loadApiIR(file: string, options: { root?: string; allowRefs?: string[] } = {}): Promise<ApiIR> {
  const entry = resolve(file);
  const root = resolve(options.root ?? dirname(entry));
  const loaded = await loadContracts({ root, files: [entry], allow: options.allowRefs ?? [] });
  const error = loaded.diagnostics.find((d) => d.severity === 'error');
  if (error) {
    const line = error.range.start.line + 1;
    throw new InputError(`${error.file}:${line}: ${error.message}`, error.file, { code: error.code });
  }
  const doc = loaded.model.documents[0];
  if (!doc) throw new InputError(`${entry}: not an OpenAPI document`, entry, { code: 'not-openapi' });
  if (doc.kind !== 'openapi') throw new InputError(`${entry}: not an OpenAPI 3.0/3.1 document (it is ${doc.kind} ${doc.specVersion}); apilife generate reads OpenAPI 3.x`, entry, { code: 'not-openapi' });
  return buildApiIR(bundle(doc, loaded.store.policy));
}
