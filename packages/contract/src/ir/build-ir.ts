import { readInfo } from '../read/info.ts';
import { readHttpServers } from '../read/server.ts';
import { readApiLifecycle } from './api-lifecycle.ts';
import type { Bundled } from './bundle.ts';
import { readBundled } from './document.ts';
import { buildOperations } from './operation-object.ts';
import { readSecuritySchemes } from './security-scheme.ts';
import type { ApiIR } from './types.ts';

/**
 * Bundled OpenAPI document → `ApiIR`. Names are handed out here, once: component schemas first
 * (sorted keys), then operation type names that avoid them.
 * @see https://spec.openapis.org/oas/v3.1.0#openapi-object
 */
export function buildApiIR(bundled: Bundled): ApiIR {
  const { document, file } = bundled;
  const reader = readBundled(bundled, 'openapi', 'buildApiIR reads OpenAPI 3.0/3.1');
  const schemas = reader.schemas;
  const operations = buildOperations(reader, schemas.names);
  const named = schemas.finish();
  const root = { value: document, pointer: '' };
  const info = readInfo(reader, root);
  const api: ApiIR = {
    title: info?.title ?? 'API',
    version: info?.version ?? '0.0.0',
    file,
    servers: readHttpServers(reader, root).map(({ url, description }) => (description !== undefined ? { url, description } : { url })),
    schemas: named,
    operations,
    securitySchemes: readSecuritySchemes(reader),
    document,
  };
  const lifecycle = readApiLifecycle(document);
  if (lifecycle) api.lifecycle = lifecycle;
  return api;
}
