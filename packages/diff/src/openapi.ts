import { isObject, type ApiIR, type OperationIR, type ParameterIR } from '@apilife/contract';
import { diffContents } from './media-types.ts';
import { diffResponses } from './openapi-responses.ts';
import { diffPartLifecycle, lifecycleOf, partDeprecation, removalNote, removalOf } from './part-lifecycle.ts';
import { followRefs } from './places.ts';
import { child, diffLifecycle, removalCheck, removalHow, type Changes, type Place } from './report.ts';
import { diffDefault, diffSchema, schemaMap, type Direction, type SchemaContext } from './schema.ts';
import { diffSecurity, diffSecuritySchemes } from './security.ts';

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
    const ctx = (direction: Direction): SchemaContext => ({
      direction,
      subject,
      oldSchemas,
      newSchemas,
      changes,
      oldFile: before.file,
      newFile: after.file,
      oldDoc: before.document,
      newDoc: after.document,
      seen: new Set(),
      today,
    });
    if (a.operationId !== b.operationId)
      changes.add('operation-id-changed', subject, `operationId ${a.operationId} became ${b.operationId}`, places);
    diffLifecycle(a.lifecycle, b.lifecycle, b.operationId, subject, changes, places, today);
    diffSecurity(a.security, b.security, subject, changes, places);
    diffParameters(a, b, ctx('request'), places);
    diffRequestBody(a, b, ctx('request'), places);
    diffResponses(a, b, ctx('response'), places);
  }
  for (const [key, b] of afterOps) {
    if (beforeOps.has(key)) continue;
    const subject = `${b.method.toUpperCase()} ${b.path}`;
    changes.add('operation-added', subject, `${b.operationId} was added`, { new: place(after, b.origin.pointer) });
  }
  diffWebhooks(before, after, changes);
  diffSecuritySchemes(
    before.document,
    after.document,
    new Set(before.operations.flatMap((op) => op.security.flat().map((s) => s.scheme))),
    changes,
    { old: before.file, new: after.file },
  );
}

function diffParameters(opA: OperationIR, opB: OperationIR, ctx: SchemaContext, places: { old: Place; new: Place }): void {
  const id = (p: ParameterIR) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
  // Path parameters are matched by position: renaming one is not a change.
  const pathKey = (list: ParameterIR[]) => new Map(list.filter((p) => p.in === 'path').map((p, i) => [`path:#${i}`, p]));
  const others = (list: ParameterIR[]) => new Map(list.filter((p) => p.in !== 'path').map((p) => [id(p), p]));
  const a = new Map([...pathKey(opA.parameters), ...others(opA.parameters)]);
  const b = new Map([...pathKey(opB.parameters), ...others(opB.parameters)]);
  for (const [key, p] of a) {
    const q = b.get(key);
    const label = `${p.in} parameter ${p.name}`;
    const was = lifecycleOf(ctx.oldDoc, () => writtenParameter(ctx.oldDoc, opA, p), p.deprecated);
    if (!q) {
      const how = removalOf(was, ctx.today);
      ctx.changes.add(
        how === 'plain' ? 'request-parameter-removed' : `request-parameter-removed-${how}`,
        ctx.subject,
        `${label} was removed${removalNote(was, how)}`,
        { old: { ...places.old, pointer: p.origin.pointer } },
      );
      continue;
    }
    const at = { old: { ...places.old, pointer: p.origin.pointer }, new: { ...places.new, pointer: q.origin.pointer } };
    if (!p.required && q.required) ctx.changes.add('request-parameter-became-required', ctx.subject, `${label} became required`, at);
    if (p.required && !q.required) ctx.changes.add('request-parameter-became-optional', ctx.subject, `${label} became optional`, at);
    const now = lifecycleOf(ctx.newDoc, () => writtenParameter(ctx.newDoc, opB, q), q.deprecated);
    diffPartLifecycle(
      was,
      now,
      label,
      () => partDeprecation(label, now, ctx.newDoc, q.origin.pointer),
      (change, message, deprecation) => ctx.changes.add(`request-parameter-${change}`, ctx.subject, message, at, deprecation),
    );
    if (!p.required && !q.required) diffDefault(ctx, p.schema, q.schema, at, label);
    diffSchema(ctx, p.schema, q.schema, {
      old: { ...at.old, pointer: child(at.old.pointer, 'schema') },
      new: { ...at.new, pointer: child(at.new.pointer, 'schema') },
    });
  }
  for (const [key, q] of b) {
    if (a.has(key)) continue;
    ctx.changes.add(
      q.required ? 'request-parameter-added-required' : 'request-parameter-added-optional',
      ctx.subject,
      `${q.in} parameter ${q.name} was added${q.required ? ' as required' : ''}`,
      { new: { ...places.new, pointer: q.origin.pointer } },
    );
  }
}

/** The Parameter Object of `op` as the bundled document writes it (operation level first, then path level), `$ref`s followed. */
function writtenParameter(doc: unknown, op: OperationIR, parameter: ParameterIR): unknown {
  const item = followRefs(doc, isObject(doc) && isObject(doc.paths) ? doc.paths[op.path] : undefined);
  const operation = isObject(item) ? followRefs(doc, item[op.method.toLowerCase()]) : undefined;
  const lists = [isObject(operation) ? operation.parameters : undefined, isObject(item) ? item.parameters : undefined];
  const same = (name: unknown) =>
    typeof name === 'string' && (parameter.in === 'header' ? name.toLowerCase() === parameter.name.toLowerCase() : name === parameter.name);
  for (const list of lists) {
    for (const entry of Array.isArray(list) ? list : []) {
      const written = followRefs(doc, entry);
      if (isObject(written) && written.in === parameter.in && same(written.name)) return written;
    }
  }
  return undefined;
}

function diffRequestBody(a: OperationIR, b: OperationIR, ctx: SchemaContext, places: { old: Place; new: Place }): void {
  const body = (pointer: string) => child(pointer, 'requestBody');
  if (!a.requestBody && b.requestBody)
    return ctx.changes.add(
      b.requestBody.required ? 'request-body-added-required' : 'request-body-added-optional',
      ctx.subject,
      `${b.requestBody.required ? 'a required' : 'an optional'} request body was added`,
      { new: { ...places.new, pointer: body(places.new.pointer) } },
    );
  if (a.requestBody && !b.requestBody)
    return ctx.changes.add('request-body-removed', ctx.subject, 'the request body was removed', {
      old: { ...places.old, pointer: body(places.old.pointer) },
    });
  if (!a.requestBody || !b.requestBody) return;
  const at = { old: { ...places.old, pointer: body(places.old.pointer) }, new: { ...places.new, pointer: body(places.new.pointer) } };
  if (!a.requestBody.required && b.requestBody.required)
    ctx.changes.add('request-body-became-required', ctx.subject, 'the request body became required', at);
  if (a.requestBody.required && !b.requestBody.required)
    ctx.changes.add('request-body-became-optional', ctx.subject, 'the request body became optional', at);
  diffContents(a.requestBody.contents, b.requestBody.contents, ctx, at, 'request');
}

/**
 * OpenAPI 3.1 `webhooks`, by name: requests the API sends to its consumers. One removed stops
 * calls consumers built for; what changed inside one is not compared (the IR has no webhooks).
 * @see https://spec.openapis.org/oas/v3.1.0#fixed-fields (webhooks)
 */
function diffWebhooks(before: ApiIR, after: ApiIR, changes: Changes): void {
  const names = (ir: ApiIR) => (isObject(ir.document.webhooks) ? Object.keys(ir.document.webhooks) : []);
  const was = new Set(names(before));
  const now = new Set(names(after));
  for (const name of was)
    if (!now.has(name))
      changes.add('webhook-removed', `webhook ${name}`, `webhook ${name} was removed`, {
        old: { file: before.file, pointer: child('/webhooks', name) },
      });
  for (const name of now)
    if (!was.has(name))
      changes.add('webhook-added', `webhook ${name}`, `webhook ${name} was added`, {
        new: { file: after.file, pointer: child('/webhooks', name) },
      });
}
