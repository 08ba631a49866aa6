import { readInfo } from '../read/info.ts';
import { readProviderStates } from '../read/provider-states.ts';
import { readHttpServers } from '../read/server.ts';
import { readApiLifecycle } from './api-lifecycle.ts';
import type { Bundled } from './bundle.ts';
import { readBundled, throwAt, type At, type DocumentReader } from './document.ts';
import { buildOperations } from './operation-object.ts';
import { readSecuritySchemes } from './security-scheme.ts';
import type { ApiIR, ProviderStateIR } from './types.ts';

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
  const root = { value: document, pointer: '' };
  const providerStates = buildProviderStates(reader, root);
  const named = schemas.finish();
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
  if (providerStates.length > 0) api.providerStates = providerStates;
  const lifecycle = readApiLifecycle(document);
  if (lifecycle) api.lifecycle = lifecycle;
  return api;
}

/** `x-provider-states` of an OpenAPI or AsyncAPI document, parameter schemas built into the IR (call before `schemas.finish()`). */
export function buildProviderStates(reader: DocumentReader, root: At): ProviderStateIR[] {
  const states = readProviderStates(reader, root, throwAt(reader));
  return [...(states?.values() ?? [])].map(({ name, description, params, at }) => {
    const state: ProviderStateIR = { name, origin: reader.origin(at.pointer) };
    if (description !== undefined) state.description = description;
    if (params) state.params = reader.schemas.build(params.value, params.pointer);
    return state;
  });
}
