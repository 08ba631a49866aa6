import { loadIR, type ApiIR, type MessagingApiIR, type ParsedSource } from '@apilife/contract';

/** The IR of one contract: OpenAPI → `api`; AsyncAPI → `messaging`, with `api` holding its schemas and payloads. */
export interface ContractIR {
  api: ApiIR;
  messaging?: MessagingApiIR;
  /** The files it was read from: the entry and every file its `$ref`s reach. */
  sources: readonly ParsedSource[];
}

/**
 * The load → bundle → IR passes for either kind of contract (`loadIR` decides which, once). An
 * AsyncAPI contract's message payloads become named schemas (`<Message>`), so the types and
 * validators targets serve both.
 */
export async function loadContractIR(file: string, options: { root?: string; allowRefs?: string[] }): Promise<ContractIR> {
  const loaded = await loadIR(file, options);
  const { sources } = loaded;
  return loaded.kind === 'openapi'
    ? { api: loaded.api, sources }
    : { api: messagingSchemas(loaded.messaging), messaging: loaded.messaging, sources };
}

/** The schemas of an AsyncAPI IR as an `ApiIR` without operations: components and one per message payload. */
export function messagingSchemas(messaging: MessagingApiIR): ApiIR {
  return {
    title: messaging.title,
    version: messaging.version,
    file: messaging.file,
    servers: [],
    schemas: [
      ...messaging.schemas,
      ...messaging.messages.map((m) => ({ name: m.typeName, key: m.key, schema: m.payload, directional: false, origin: m.origin })),
    ],
    operations: [],
    securitySchemes: [],
    document: messaging.document,
  };
}
