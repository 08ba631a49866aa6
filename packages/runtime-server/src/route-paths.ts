/**
 * OpenAPI path templates as Hono routes.
 * @see https://spec.openapis.org/oas/v3.1.0#path-templating
 */
import { SegmentMatcher } from './segment-matcher.ts';

/** A path template compiled for Hono. */
export interface RoutePath {
  /** The Hono route, e.g. `/deliveries/:deliveryId`. */
  hono: string;
  /** Path parameters whose segment is exactly `{name}`: Hono's label → the contract's name. */
  params: readonly (readonly [label: string, name: string])[];
  /** Segments mixing text and parameters (`{name}.{ext}`): Hono's label, a linear-time matcher, the names in order. */
  partial: readonly (readonly [label: string, matcher: SegmentMatcher, names: readonly string[]])[];
  /** Per segment: `false` for literal text, `true` for a parameter (for ordering). */
  shape: readonly boolean[];
}

const SAFE_LABEL = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE = /^\{([^{}]+)\}$/;

/**
 * Compiles a path template: `{id}` segments become Hono labels (the contract's name when it is a
 * plain identifier, `p<index>` otherwise), segments like `{name}.{ext}` one label matched again
 * by a regular expression. Throws `TypeError` for unbalanced braces.
 * @example
 * toRoutePath('/files/{name}.{ext}', '/v1').hono; // '/v1/files/:s1'
 */
export function toRoutePath(template: string, basePath = ''): RoutePath {
  const params: [string, string][] = [];
  const partial: [string, SegmentMatcher, string[]][] = [];
  const shape: boolean[] = [];
  const segments = template.split('/').map((segment, index) => {
    if (!segment.includes('{') && !segment.includes('}')) {
      shape.push(false);
      return segment;
    }
    shape.push(true);
    const whole = WHOLE.exec(segment);
    if (whole) {
      const name = whole[1]!;
      const label = SAFE_LABEL.test(name) ? name : `p${index}`;
      params.push([label, name]);
      return `:${label}`;
    }
    const names: string[] = [];
    const texts: string[] = [''];
    segment.replace(
      /\{([^{}]*)\}|([^{}]+)|([{}])/g,
      (_all, name: string | undefined, text: string | undefined, brace: string | undefined) => {
        if (brace !== undefined || name === '') throw new TypeError(`path template "${template}" has an unbalanced "{" or "}"`);
        if (name !== undefined) {
          names.push(name);
          texts.push('');
        } else texts[texts.length - 1] += text!;
        return '';
      },
    );
    const label = `s${index}`;
    partial.push([label, new SegmentMatcher(texts), names]);
    return `:${label}`;
  });
  const base = basePath.replace(/\/+$/, '');
  return { hono: `${base}${segments.join('/')}` || '/', params, partial, shape };
}

/**
 * Orders routes so that, segment by segment, literal text comes before a parameter
 * (`/deliveries/today` before `/deliveries/{id}`); Hono runs the first route registered, so this
 * is how a concrete path wins over a template. Ties keep a stable, deterministic order.
 */
export function compareRoutes(a: RoutePath, b: RoutePath): number {
  const length = Math.min(a.shape.length, b.shape.length);
  for (let i = 0; i < length; i++) {
    if (a.shape[i] !== b.shape[i]) return a.shape[i] ? 1 : -1;
  }
  return a.hono < b.hono ? -1 : a.hono > b.hono ? 1 : 0;
}

/**
 * Reads the path parameters of a matched route: `decoded(label)` is Hono's decoded value.
 * `undefined` when a partial segment does not match its template (the route does not apply).
 */
export function readPathParameters(route: RoutePath, decoded: (label: string) => string | undefined): Record<string, string> | undefined {
  const path: Record<string, string> = {};
  for (const [label, name] of route.params) {
    const value = decoded(label);
    if (value !== undefined) path[name] = value;
  }
  for (const [label, matcher, names] of route.partial) {
    const m = matcher.exec(decoded(label) ?? '');
    if (!m) return undefined;
    for (let i = 0; i < names.length; i++) path[names[i]!] = m[i + 1]!;
  }
  return path;
}
