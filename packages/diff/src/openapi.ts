import type { ApiIR, MediaIR, OperationIR, ParameterIR } from '@apilife/spec';
import { child, removalCheck, removalHow, type Changes, type Place } from './report.ts';
import { diffSchema, schemaMap, type Direction, type SchemaContext } from './schema.ts';
import { diffSecurity } from './security.ts';

/** `GET /pets/{}`: renaming a path parameter does not change the operation. */
const operationKey = (op: OperationIR) => `${op.method.toUpperCase()} ${op.path.replace(/\{[^}]+\}/g, '{}')}`;

/** Compares two versions of an OpenAPI description; `today` decides whether a sunset day has come. */
export function diffOpenApi(before: ApiIR, after: ApiIR, changes: Changes, today: string): void {
  const oldSchemas = schemaMap(before.schemas);
  const newSchemas = schemaMap(after.schemas);
  const afterOps = new Map(after.operations.map((op) => [operationKey(op), op]));
  const beforeOps = new Map(before.operations.map((op) => [operationKey(op), op]));
  const place = (ir: ApiIR, pointer: string): Place => ({ file: ir.file, pointer });

  for (const [key, a] of beforeOps) {
    const b = afterOps.get(key);
    const subject = `${a.method.toUpperCase()} ${a.path}`;
    if (!b) {
      const id = removalCheck(a.lifecycle, today);
      changes.add(id, subject, `${a.operationId} was removed${removalHow(a.lifecycle, id)}`, { old: place(before, a.origin.pointer) });
      continue;
    }
    const places = { old: place(before, a.origin.pointer), new: place(after, b.origin.pointer) };
    const ctx = (direction: Direction): SchemaContext => ({ direction, subject, oldSchemas, newSchemas, changes, oldFile: before.file, newFile: after.file, oldDoc: before.document, newDoc: after.document, seen: new Set() });
    if (!a.lifecycle.deprecated && b.lifecycle.deprecated) changes.add('operation-deprecated', subject, `${b.operationId} was deprecated${b.lifecycle.sunset ? ` (sunset ${b.lifecycle.sunset})` : ''}`, places);
    if (a.lifecycle.deprecated && !b.lifecycle.deprecated) changes.add('operation-undeprecated', subject, `${b.operationId} is no longer deprecated`, places);
    diffSecurity(a.security, b.security, subject, changes, places);
    diffParameters(a.parameters, b.parameters, ctx('request'), places);
    diffRequestBody(a, b, ctx('request'), places);
    diffResponses(a, b, ctx('response'), places);
  }
  for (const [key, b] of afterOps) {
    if (beforeOps.has(key)) continue;
    const subject = `${b.method.toUpperCase()} ${b.path}`;
    changes.add('operation-added', subject, `${b.operationId} was added`, { new: place(after, b.origin.pointer) });
  }
}

function diffParameters(before: ParameterIR[], after: ParameterIR[], ctx: SchemaContext, places: { old: Place; new: Place }): void {
  const id = (p: ParameterIR) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  // Path parameters are matched by position: renaming one is not a change.
  const pathKey = (list: ParameterIR[]) => new Map(list.filter((p) => p.in === 'path').map((p, i) => [`path:#${i}`, p]));
  const others = (list: ParameterIR[]) => new Map(list.filter((p) => p.in !== 'path').map((p) => [id(p), p]));
  const a = new Map([...pathKey(before), ...others(before)]);
  const b = new Map([...pathKey(after), ...others(after)]);
  for (const [key, p] of a) {
    const q = b.get(key);
    const label = `${p.in} parameter ${p.name}`;
    if (!q) {
      ctx.changes.add('request-parameter-removed', ctx.subject, `${label} was removed`, { old: { ...places.old, pointer: p.origin.pointer } });
      continue;
    }
    const at = { old: { ...places.old, pointer: p.origin.pointer }, new: { ...places.new, pointer: q.origin.pointer } };
    if (!p.required && q.required) ctx.changes.add('request-parameter-became-required', ctx.subject, `${label} became required`, at);
    if (p.required && !q.required) ctx.changes.add('request-parameter-became-optional', ctx.subject, `${label} became optional`, at);
    diffSchema(ctx, p.schema, q.schema, { old: { ...at.old, pointer: child(at.old.pointer, 'schema') }, new: { ...at.new, pointer: child(at.new.pointer, 'schema') } });
  }
  for (const [key, q] of b) {
    if (a.has(key)) continue;
    ctx.changes.add(q.required ? 'request-parameter-added-required' : 'request-parameter-added-optional', ctx.subject, `${q.in} parameter ${q.name} was added${q.required ? ' as required' : ''}`, { new: { ...places.new, pointer: q.origin.pointer } });
  }
}

function diffRequestBody(a: OperationIR, b: OperationIR, ctx: SchemaContext, places: { old: Place; new: Place }): void {
  const body = (pointer: string) => child(pointer, 'requestBody');
  if (!a.requestBody && b.requestBody?.required) return ctx.changes.add('request-body-added-required', ctx.subject, 'a required request body was added', { new: { ...places.new, pointer: body(places.new.pointer) } });
  if (a.requestBody && !b.requestBody) return ctx.changes.add('request-body-removed', ctx.subject, 'the request body was removed', { old: { ...places.old, pointer: body(places.old.pointer) } });
  if (!a.requestBody || !b.requestBody) return;
  const at = { old: { ...places.old, pointer: body(places.old.pointer) }, new: { ...places.new, pointer: body(places.new.pointer) } };
  if (!a.requestBody.required && b.requestBody.required) ctx.changes.add('request-body-became-required', ctx.subject, 'the request body became required', at);
  diffContents(a.requestBody.contents, b.requestBody.contents, ctx, at, 'request');
}

function diffContents(before: MediaIR[], after: MediaIR[], ctx: SchemaContext, places: { old: Place; new: Place }, side: 'request' | 'response'): void {
  const b = new Map(after.map((m) => [m.mediaType, m]));
  for (const m of before) {
    const n = b.get(m.mediaType);
    const at = { old: { ...places.old, pointer: child(child(places.old.pointer, 'content'), m.key) }, new: { ...places.new, pointer: child(child(places.new.pointer, 'content'), n?.key ?? m.key) } };
    if (!n) {
      ctx.changes.add(`${side}-media-type-removed`, ctx.subject, `${m.mediaType} was removed`, { old: at.old });
      continue;
    }
    diffSchema(ctx, m.schema, n.schema, { old: { ...at.old, pointer: child(at.old.pointer, 'schema') }, new: { ...at.new, pointer: child(at.new.pointer, 'schema') } });
  }
  const known = new Set(before.map((m) => m.mediaType));
  for (const n of after) if (!known.has(n.mediaType)) ctx.changes.add(`${side}-media-type-added`, ctx.subject, `${n.mediaType} was added`, { new: { ...places.new, pointer: child(child(places.new.pointer, 'content'), n.key) } });
}

function diffResponses(a: OperationIR, b: OperationIR, ctx: SchemaContext, places: { old: Place; new: Place }): void {
  const after = new Map(b.responses.map((r) => [String(r.status), r]));
  const pointer = (base: string, status: string) => child(child(base, 'responses'), status);
  for (const r of a.responses) {
    const status = String(r.status);
    const s = after.get(status);
    const at = { old: { ...places.old, pointer: pointer(places.old.pointer, status) }, new: { ...places.new, pointer: pointer(places.new.pointer, status) } };
    if (!s) {
      ctx.changes.add('response-status-removed', ctx.subject, `response ${status} was removed`, { old: at.old });
      continue;
    }
    const headers = new Map(s.headers.map((h) => [h.name.toLowerCase(), h]));
    for (const h of r.headers) {
      const g = headers.get(h.name.toLowerCase());
      if (!g) {
        if (h.required) ctx.changes.add('response-header-removed', ctx.subject, `header ${h.name} of response ${status} was removed`, { old: at.old });
        continue;
      }
      if (h.required && !g.required) ctx.changes.add('response-header-became-optional', ctx.subject, `header ${h.name} of response ${status} became optional`, at);
      diffSchema(ctx, h.schema, g.schema, { old: { ...at.old, pointer: child(child(at.old.pointer, 'headers'), h.name) }, new: { ...at.new, pointer: child(child(at.new.pointer, 'headers'), g.name) } });
    }
    diffContents(r.contents, s.contents, ctx, at, 'response');
  }
  const before = new Set(a.responses.map((r) => String(r.status)));
  for (const s of b.responses) {
    const status = String(s.status);
    if (before.has(status)) continue;
    const success = status.startsWith('2');
    ctx.changes.add(success ? 'response-success-status-added' : 'response-status-added', ctx.subject, `response ${status} was added`, { new: { ...places.new, pointer: pointer(places.new.pointer, status) } });
  }
}
