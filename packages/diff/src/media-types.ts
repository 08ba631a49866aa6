import type { MediaIR } from '@apilife/contract';
import { child, type Place } from './report.ts';
import { diffSchema, type SchemaContext } from './schema.ts';

/** Whether media range `range` (`*\/*`, `application/*`, `application/json`) covers media type `type`; parameters (`; charset=…`) must be equal. */
function covers(range: string, type: string): boolean {
  const [r = '', ...rParams] = range.split(';').map((part) => part.trim());
  const [t = '', ...tParams] = type.split(';').map((part) => part.trim());
  if (rParams.join(';') !== tParams.join(';')) return false;
  return r === '*/*' || r === t || (r.endsWith('/*') && t.startsWith(r.slice(0, -1)));
}

/**
 * The media types of a request or response: the same type on both sides, else a range on one side
 * that covers a type on the other (`application/json` ↔ `application/*`: widened or narrowed), else
 * removed or added; the schemas of each pair compared.
 */
export function diffContents(
  before: MediaIR[],
  after: MediaIR[],
  ctx: SchemaContext,
  places: { old: Place; new: Place },
  side: 'request' | 'response',
): void {
  const at = (base: Place, m: MediaIR): Place => ({ ...base, pointer: child(child(base.pointer, 'content'), m.key) });
  const unpaired = new Set(after);
  const pairs: [MediaIR, MediaIR][] = [];
  const leftover: MediaIR[] = [];
  for (const m of before) {
    const n = after.find((c) => c.mediaType === m.mediaType && unpaired.has(c));
    if (n) {
      unpaired.delete(n);
      pairs.push([m, n]);
    } else leftover.push(m);
  }
  for (const m of leftover) {
    const n = [...unpaired].find((c) => covers(c.mediaType, m.mediaType) || covers(m.mediaType, c.mediaType));
    if (!n) {
      ctx.changes.add(`${side}-media-type-removed`, ctx.subject, `${m.mediaType} was removed`, { old: at(places.old, m) });
      continue;
    }
    unpaired.delete(n);
    pairs.push([m, n]);
    const widened = covers(n.mediaType, m.mediaType);
    ctx.changes.add(`${side}-media-type-${widened ? 'widened' : 'narrowed'}`, ctx.subject, `${m.mediaType} became ${n.mediaType}`, {
      old: at(places.old, m),
      new: at(places.new, n),
    });
  }
  for (const [m, n] of pairs)
    diffSchema(ctx, m.schema, n.schema, {
      old: { ...at(places.old, m), pointer: child(at(places.old, m).pointer, 'schema') },
      new: { ...at(places.new, n), pointer: child(at(places.new, n).pointer, 'schema') },
    });
  for (const n of unpaired)
    ctx.changes.add(`${side}-media-type-added`, ctx.subject, `${n.mediaType} was added`, { new: at(places.new, n) });
}
