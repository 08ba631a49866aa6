/** What kind of contract a document is. */
export type ContractKind = 'openapi' | 'asyncapi' | 'swagger';

export interface ContractInfo {
  kind: ContractKind;
  /** The spec version the document declares: `3.1.0`, `3.0.0`. */
  specVersion: string;
}

/**
 * Recognises OpenAPI 3.x, Swagger 2.0 and AsyncAPI 3.x documents by their version field.
 * Returns `undefined` for anything else.
 */
export function detectContract(value: unknown): ContractInfo | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const doc = value as Record<string, unknown>;
  if (typeof doc.openapi === 'string' && /^3\.\d+(\.\d+)?/.test(doc.openapi)) return { kind: 'openapi', specVersion: doc.openapi };
  if (typeof doc.asyncapi === 'string' && /^[23]\.\d+\.\d+/.test(doc.asyncapi)) return { kind: 'asyncapi', specVersion: doc.asyncapi };
  if (doc.swagger === '2.0') return { kind: 'swagger', specVersion: '2.0' };
  return undefined;
}
