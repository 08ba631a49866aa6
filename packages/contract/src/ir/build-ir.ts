import { isObject } from '../model/resolve.ts';
import { readInfo } from '../read/info.ts';
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
  const info = readInfo(reader, { value: document, pointer: '' });
  const servers = (Array.isArray(document.servers) ? (document.servers as unknown[]) : []).filter(isObject);
  const api: ApiIR = {
    title: info?.title ?? 'API',
    version: info?.version ?? '0.0.0',
    file,
    servers: servers.filter((s) => typeof s.url === 'string').map((s) => (typeof s.description === 'string' ? { url: s.url as string, description: s.description } : { url: s.url as string })),
    schemas: named,
    operations,
    securitySchemes: readSecuritySchemes(reader),
    document,
  };
  const lifecycle = readApiLifecycle(document);
  if (lifecycle) api.lifecycle = lifecycle;
  return api;
}
