import { isObject } from '../model/resolve.ts';
import type { At, DocumentReader } from './document.ts';
import type { SecuritySchemeIR } from './types.ts';

/**
 * `components.securitySchemes` → `SecuritySchemeIR`, in document order.
 * @see https://spec.openapis.org/oas/v3.1.0#security-scheme-object
 */
export function readSecuritySchemes(reader: DocumentReader): SecuritySchemeIR[] {
  const root: At = { value: reader.document, pointer: '' };
  const schemes: SecuritySchemeIR[] = [];
  for (const [name, at] of reader.entries(reader.child(reader.child(root, 'components') ?? root, 'securitySchemes'))) {
    const s = at.value;
    if (!isObject(s) || typeof s.type !== 'string') throw reader.error(`security scheme "${name}" needs a type`, at.pointer);
    if (!['apiKey', 'http', 'oauth2', 'openIdConnect', 'mutualTLS'].includes(s.type))
      throw reader.error(`security scheme "${name}" has an unknown type "${s.type}"`, at.pointer);
    const scheme: SecuritySchemeIR = { name, type: s.type as SecuritySchemeIR['type'] };
    if (s.type === 'apiKey') {
      if (typeof s.name !== 'string' || !['header', 'query', 'cookie'].includes(s.in as string))
        throw reader.error(`apiKey scheme "${name}" needs name and in: header, query or cookie`, at.pointer);
      scheme.in = s.in as SecuritySchemeIR['in'];
      scheme.paramName = s.name;
    }
    if (typeof s.scheme === 'string') scheme.scheme = s.scheme.toLowerCase();
    if (typeof s.bearerFormat === 'string') scheme.bearerFormat = s.bearerFormat;
    if (typeof s.description === 'string') scheme.description = s.description;
    schemes.push(scheme);
  }
  return schemes;
}
