import type { OperationIR } from '@apilife/contract';
import { diffContents } from './media-types.ts';
import { child, type Place } from './report.ts';
import { diffDefault, diffSchema, type SchemaContext } from './schema.ts';

/** 4xx and 5xx (and their ranges): a client that no longer gets one is not broken on the wire. */
const isError = (status: string) => /^[45]/.test(status);

/**
 * Responses by status: removed (a success, redirect or `default` breaks the clients expecting it;
 * an error status no longer declared is a warning), added (a success status clients may not
 * expect), and for each kept one its headers and media types.
 */
export function diffResponses(a: OperationIR, b: OperationIR, ctx: SchemaContext, places: { old: Place; new: Place }): void {
  const after = new Map(b.responses.map((r) => [String(r.status), r]));
  const pointer = (base: string, status: string) => child(child(base, 'responses'), status);
  for (const r of a.responses) {
    const status = String(r.status);
    const s = after.get(status);
    const at = {
      old: { ...places.old, pointer: pointer(places.old.pointer, status) },
      new: { ...places.new, pointer: pointer(places.new.pointer, status) },
    };
    if (!s) {
      ctx.changes.add(
        isError(status) ? 'response-error-status-removed' : 'response-status-removed',
        ctx.subject,
        `response ${status} was removed`,
        { old: at.old },
      );
      continue;
    }
    diffHeaders(r.headers, s.headers, status, ctx, at);
    diffContents(r.contents, s.contents, ctx, at, 'response');
  }
  const before = new Set(a.responses.map((r) => String(r.status)));
  for (const s of b.responses) {
    const status = String(s.status);
    if (before.has(status)) continue;
    const success = status.startsWith('2');
    ctx.changes.add(success ? 'response-success-status-added' : 'response-status-added', ctx.subject, `response ${status} was added`, {
      new: { ...places.new, pointer: pointer(places.new.pointer, status) },
    });
  }
}

type Headers = OperationIR['responses'][number]['headers'];

/** Response headers, by name (case-insensitive): removed, added, required or not, their defaults and schemas. */
function diffHeaders(before: Headers, after: Headers, status: string, ctx: SchemaContext, at: { old: Place; new: Place }): void {
  const headers = new Map(after.map((h) => [h.name.toLowerCase(), h]));
  const place = (side: Place, name: string) => ({ ...side, pointer: child(child(side.pointer, 'headers'), name) });
  for (const h of before) {
    const g = headers.get(h.name.toLowerCase());
    if (!g) {
      ctx.changes.add(
        h.required ? 'response-header-removed' : 'response-optional-header-removed',
        ctx.subject,
        `header ${h.name} of response ${status} was removed`,
        { old: place(at.old, h.name) },
      );
      continue;
    }
    headers.delete(h.name.toLowerCase());
    const sides = { old: place(at.old, h.name), new: place(at.new, g.name) };
    if (h.required && !g.required)
      ctx.changes.add('response-header-became-optional', ctx.subject, `header ${h.name} of response ${status} became optional`, sides);
    if (!h.required && !g.required) diffDefault(ctx, h.schema, g.schema, sides, `header ${h.name}`);
    diffSchema(ctx, h.schema, g.schema, {
      old: { ...sides.old, pointer: child(sides.old.pointer, 'schema') },
      new: { ...sides.new, pointer: child(sides.new.pointer, 'schema') },
    });
  }
  for (const g of headers.values())
    ctx.changes.add(
      'response-header-added',
      ctx.subject,
      `header ${g.name} of response ${status} was added${g.required ? ' as required' : ''}`,
      { new: place(at.new, g.name) },
    );
}
