import type { QueryValue } from './types.ts';

/**
 * Serialising operation parameters the way OpenAPI describes (§4.8.12.4 Style Values): path
 * templates (`simple`, `label`, `matrix`), query (`form` with or without explode,
 * `spaceDelimited`, `pipeDelimited`, `deepObject`), headers (`simple`) and cookies (`form`).
 */

/** One parameter of an operation, as the generated client's table describes it. */
export interface ParameterSpec {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  style?: 'simple' | 'form' | 'label' | 'matrix' | 'spaceDelimited' | 'pipeDelimited' | 'deepObject';
  explode?: boolean;
}

type Scalar = string | number | boolean;

const DELIMITERS = { spaceDelimited: ' ', pipeDelimited: '|' } as const;

function text(value: unknown): string {
  return value === null ? '' : String(value);
}

/** An object's members as `[key, value]` pairs, arrays and scalars as they are. */
function entries(value: unknown): [string, unknown][] | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    : undefined;
}

/**
 * Expands a path template with encoded values.
 * @example
 * expandPath('/pets/{petId}', [{ name: 'petId', in: 'path' }], { petId: 'a b' }); // '/pets/a%20b'
 */
export function expandPath(
  template: string,
  specs: readonly ParameterSpec[],
  values: Readonly<Record<string, unknown>> | undefined,
): string {
  return template.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const spec = specs.find((s) => s.in === 'path' && s.name === name);
    const value = values?.[name];
    if (value === undefined) throw new TypeError(`missing path parameter "${name}" for ${template}`);
    const style = spec?.style ?? 'simple';
    const explode = spec?.explode ?? false;
    const members = entries(value);
    const parts = Array.isArray(value)
      ? value.map((v) => encodeURIComponent(text(v)))
      : members
        ? members.flatMap(([k, v]) =>
            explode ? [`${encodeURIComponent(k)}=${encodeURIComponent(text(v))}`] : [encodeURIComponent(k), encodeURIComponent(text(v))],
          )
        : [encodeURIComponent(text(value))];
    if (style === 'label') return `.${parts.join(explode ? '.' : ',')}`;
    if (style === 'matrix')
      return explode && Array.isArray(value) ? parts.map((p) => `;${name}=${p}`).join('') : `;${name}=${parts.join(',')}`;
    void whole;
    return parts.join(',');
  });
}

/**
 * Query values for the transport: arrays repeat the key (`form`, explode) or are joined;
 * `deepObject` objects become `name[key]` entries; exploded `form` objects one key per member.
 * @example
 * queryValues([{ name: 'tags', in: 'query', style: 'form', explode: false }], { tags: ['a', 'b'] }); // { tags: 'a,b' }
 */
export function queryValues(
  specs: readonly ParameterSpec[],
  values: Readonly<Record<string, unknown>> | undefined,
): Record<string, QueryValue> {
  const query: Record<string, QueryValue> = {};
  if (!values) return query;
  for (const spec of specs) {
    if (spec.in !== 'query') continue;
    const value = values[spec.name];
    if (value === undefined) continue;
    const style = spec.style ?? 'form';
    const explode = spec.explode ?? style === 'form';
    const members = entries(value);
    if (members) {
      if (style === 'deepObject') for (const [k, v] of members) query[`${spec.name}[${k}]`] = text(v);
      else if (explode) for (const [k, v] of members) query[k] = text(v);
      else query[spec.name] = members.flatMap(([k, v]) => [k, text(v)]).join(',');
    } else if (Array.isArray(value)) {
      const items = (value as unknown[]).map(text);
      query[spec.name] =
        style === 'form' && explode
          ? (items as Scalar[])
          : items.join(style === 'spaceDelimited' || style === 'pipeDelimited' ? DELIMITERS[style] : ',');
    } else query[spec.name] = value === null ? null : (value as Scalar);
  }
  return query;
}

/** Header values (`simple` style): arrays joined with `,`, objects as `k,v` pairs; cookies folded into one `Cookie` header. */
export function headerValues(
  specs: readonly ParameterSpec[],
  headers: Readonly<Record<string, unknown>> | undefined,
  cookies: Readonly<Record<string, unknown>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const spec of specs) {
    if (spec.in === 'header') {
      const value = headers?.[spec.name];
      if (value !== undefined) out[spec.name] = simple(value);
    }
  }
  const jar: string[] = [];
  for (const spec of specs) {
    if (spec.in !== 'cookie') continue;
    const value = cookies?.[spec.name];
    if (value !== undefined) jar.push(`${encodeURIComponent(spec.name)}=${encodeURIComponent(simple(value))}`);
  }
  if (jar.length > 0) out['cookie'] = jar.join('; ');
  return out;
}

function simple(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(',');
  const members = entries(value);
  return members ? members.flatMap(([k, v]) => [k, text(v)]).join(',') : text(value);
}
