import type { MediaIR, NamedSchema, OperationIR, ParameterIR, ResponseIR, SchemaIR } from '@apilife/contract';
import ts from 'typescript';
import {
  and,
  assign,
  bin,
  bool,
  call,
  constant,
  dot,
  id,
  ifs,
  index,
  json,
  not,
  num,
  or,
  ret,
  str,
  switchOn,
  typeRef,
  unknownType,
  variable,
  type Expr,
  type Stmt,
} from './dsl.ts';
import type { SchemaCode } from './schema-code.ts';

const f = ts.factory;
const E = id('e');

/** The shape of a parameter value after coercion, read through refs and nullable unions. */
type Kind = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'array' | 'object' | 'unknown';

/**
 * `export const <op>Validator: OperationValidator = { parameters, requestMediaTypes, bodyRequired, body, response }`.
 *
 * Parameter coercion (OpenAPI §4.8.12.4 style values): scalars from their string form
 * (numbers in JSON number syntax, `true`/`false`); arrays from repeated query keys (`form` +
 * explode), or split on `,` (`form`, `simple`), ` ` (`spaceDelimited`) or `|` (`pipeDelimited`);
 * objects from `deepObject` keys (`filter[status]=x`) or, for exploded `form` objects, from the
 * query keys named after their properties. Label and matrix path values lose their prefix.
 */
export function operationValidator(op: OperationIR, code: SchemaCode, named: ReadonlyMap<string, NamedSchema>): Stmt {
  const members: ts.ObjectLiteralElementLike[] = [
    method(
      'parameters',
      [
        ['raw', typeRef('RawParameters')],
        ['e', f.createArrayTypeNode(typeRef('Violation'))],
      ],
      typeRef('ParameterValues'),
      parameters(op, code, named),
    ),
    f.createPropertyAssignment('requestMediaTypes', json(op.requestBody?.contents.map((c) => c.mediaType) ?? [])),
    f.createPropertyAssignment('bodyRequired', bool(op.requestBody?.required ?? false)),
    method(
      'body',
      [
        ['v', unknownType()],
        ['e', f.createArrayTypeNode(typeRef('Violation'))],
      ],
      f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword),
      body(op, code),
    ),
    method(
      'response',
      [
        ['status', f.createKeywordTypeNode(ts.SyntaxKind.NumberKeyword)],
        ['v', unknownType()],
        ['e', f.createArrayTypeNode(typeRef('Violation'))],
      ],
      f.createKeywordTypeNode(ts.SyntaxKind.BooleanKeyword),
      responses(op.responses, code),
    ),
  ];
  const init = f.createObjectLiteralExpression(members, true);
  return f.createVariableStatement(
    [f.createModifier(ts.SyntaxKind.ExportKeyword)],
    f.createVariableDeclarationList(
      [f.createVariableDeclaration(`${op.name}Validator`, undefined, typeRef('OperationValidator'), init)],
      ts.NodeFlags.Const,
    ),
  );
}

function method(name: string, params: [string, ts.TypeNode][], returns: ts.TypeNode, body: Stmt[]): ts.MethodDeclaration {
  return f.createMethodDeclaration(
    undefined,
    undefined,
    name,
    undefined,
    undefined,
    params.map(([n, t]) => f.createParameterDeclaration(undefined, undefined, n, undefined, t)),
    returns,
    f.createBlock(body, true),
  );
}

const GROUP = { path: 'path', query: 'query', header: 'headers', cookie: 'cookies' } as const;

function parameters(op: OperationIR, code: SchemaCode, named: ReadonlyMap<string, NamedSchema>): Stmt[] {
  const record = () =>
    f.createAsExpression(
      f.createObjectLiteralExpression(),
      typeRef('Record', [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), unknownType()]),
    );
  const out: Stmt[] = [
    variable('ok', bool(true)),
    constant('path', record()),
    constant('query', record()),
    constant('headers', record()),
    constant('cookies', record()),
  ];
  if (op.parameters.length > 0) code.helpers.add('tag');
  for (const p of op.parameters) out.push(f.createBlock(parameter(p, code, named), true));
  out.push(f.createExpressionStatement(f.createVoidExpression(id('ok'))));
  out.push(
    ret(
      f.createObjectLiteralExpression([
        f.createShorthandPropertyAssignment('path'),
        f.createShorthandPropertyAssignment('query'),
        f.createShorthandPropertyAssignment('headers'),
        f.createShorthandPropertyAssignment('cookies'),
      ]),
    ),
  );
  return out;
}

function parameter(p: ParameterIR, code: SchemaCode, named: ReadonlyMap<string, NamedSchema>): Stmt[] {
  const target = index(id(GROUP[p.in]), str(p.name));
  const kind = kindOf(p.schema, named);
  const out: Stmt[] = [constant('n', dot(E, 'length'))];
  const missing: Stmt[] = p.required
    ? [
        code.fail(
          str(''),
          'required',
          `must have required ${p.in === 'header' ? 'header' : p.in === 'cookie' ? 'cookie' : 'parameter'} '${p.name}'`,
        ),
      ]
    : p.schema.default !== undefined
      ? [assign(target, json(p.schema.default))]
      : [];
  const value = id('c');
  const present: Stmt[] = [];
  if (kind === 'object' && p.in === 'query' && (p.style === 'deepObject' || (p.style === 'form' && p.explode))) {
    out.push(...objectFromQuery(p, kind, code, named, missing, target));
    return [...out, f.createExpressionStatement(call('tag', E, id('n'), str(p.in), str(p.name)))];
  }
  const raw = rawValue(p);
  out.push(constant('r', raw));
  if (p.in === 'query') {
    if (kind === 'array') present.push(constant('c', arrayValue(p, kind, code, named, id('r'))));
    else {
      present.push(
        ifs(bin(dot(id('r'), 'length'), '>', num(1)), [code.fail(str(''), 'repeated', `must be given once ('${p.name}' is repeated)`)]),
      );
      present.push(constant('c', scalar(f.createNonNullExpression(index(id('r'), num(0))), kind, code)));
    }
  } else {
    const text = p.in === 'path' && (p.style === 'label' || p.style === 'matrix') ? stripPrefix(id('r'), p) : id('r');
    present.push(constant('c', kind === 'array' ? arrayValue(p, kind, code, named, text) : scalar(text, kind, code)));
  }
  present.push(assign(target, value));
  code.check(p.schema, value, str(''), 'request', present);
  const absent =
    p.in === 'query'
      ? or(bin(id('r'), '===', id('undefined')), bin(dot(id('r'), 'length'), '===', num(0)))
      : bin(id('r'), '===', id('undefined'));
  out.push(ifs(absent, missing, present));
  out.push(f.createExpressionStatement(call('tag', E, id('n'), str(p.in), str(p.name))));
  return out;
}

function rawValue(p: ParameterIR): Expr {
  switch (p.in) {
    case 'path':
      return index(dot(id('raw'), 'path'), str(p.name));
    case 'query':
      return index(dot(id('raw'), 'query'), str(p.name));
    case 'header':
      return index(dot(id('raw'), 'headers'), str(p.name.toLowerCase()));
    case 'cookie':
      return index(dot(id('raw'), 'cookies'), str(p.name));
  }
}

/** `.5` → `5` (label), `;id=5` → `5` (matrix). */
function stripPrefix(value: Expr, p: ParameterIR): Expr {
  const prefix = p.style === 'label' ? '.' : `;${p.name}=`;
  return f.createConditionalExpression(
    call(dot(value, 'startsWith'), str(prefix)),
    undefined,
    call(dot(value, 'slice'), num(prefix.length)),
    undefined,
    value,
  );
}

function scalar(text: Expr, kind: Kind, code: SchemaCode): Expr {
  if (kind === 'string' || kind === 'unknown' || kind === 'object' || kind === 'array') return text;
  code.helpers.add('toScalar');
  return call('toScalar', text, str(kind));
}

function arrayValue(p: ParameterIR, _kind: Kind, code: SchemaCode, named: ReadonlyMap<string, NamedSchema>, raw: Expr): Expr {
  const items = itemsOf(p.schema, named);
  const itemKind = items ? kindOf(items, named) : 'string';
  code.helpers.add('splitList');
  const separator = p.style === 'spaceDelimited' ? ' ' : p.style === 'pipeDelimited' ? '|' : ',';
  const list =
    p.in === 'query'
      ? p.style === 'form' && p.explode
        ? raw
        : call('splitList', f.createNonNullExpression(index(raw, num(0))), str(separator))
      : call('splitList', raw, str(separator));
  if (itemKind === 'string' || itemKind === 'unknown') return list;
  code.helpers.add('toScalars');
  return call('toScalars', list, str(itemKind));
}

/** `deepObject` (`name[prop]=…`) and exploded `form` objects (one query key per property). */
function objectFromQuery(
  p: ParameterIR,
  _kind: Kind,
  code: SchemaCode,
  named: ReadonlyMap<string, NamedSchema>,
  missing: Stmt[],
  target: Expr,
): Stmt[] {
  const props = propertiesOf(p.schema, named);
  const obj = id('o');
  const out: Stmt[] = [
    constant(
      'o',
      f.createAsExpression(
        f.createObjectLiteralExpression(),
        typeRef('Record', [f.createKeywordTypeNode(ts.SyntaxKind.StringKeyword), unknownType()]),
      ),
    ),
    variable('found', bool(false)),
  ];
  code.helpers.add('toScalar');
  for (const prop of props) {
    const key = p.style === 'deepObject' ? `${p.name}[${prop.name}]` : prop.name;
    const kind = kindOf(prop.schema, named);
    const r = index(dot(id('raw'), 'query'), str(key));
    out.push(
      f.createBlock(
        [
          constant('r', r),
          ifs(and(bin(id('r'), '!==', id('undefined')), bin(dot(id('r'), 'length'), '>', num(0))), [
            assign(index(obj, str(prop.name)), scalar(f.createNonNullExpression(index(id('r'), num(0))), kind, code)),
            assign(id('found'), bool(true)),
          ]),
        ],
        true,
      ),
    );
  }
  const present: Stmt[] = [assign(target, obj)];
  code.check(p.schema, obj, str(''), 'request', present);
  out.push(ifs(not(id('found')), missing, present));
  return out;
}

function body(op: OperationIR, code: SchemaCode): Stmt[] {
  const media = op.requestBody?.contents.find((c) => c.json);
  if (!media) return [ret(bool(true))];
  code.helpers.add('guard').add('tag');
  const check = code.callable(media.schema, 'request');
  return [
    constant('n', dot(E, 'length')),
    constant('ok', call('guard', id(check), id('v'), E)),
    f.createExpressionStatement(call('tag', E, id('n'), str('body'))),
    ret(id('ok')),
  ];
}

function responses(list: readonly ResponseIR[], code: SchemaCode): Stmt[] {
  const out: Stmt[] = [];
  const exact = list.filter((r) => typeof r.status === 'number');
  if (exact.length > 0) out.push(switchOnReturn(exact, code));
  for (const r of list) {
    if (typeof r.status !== 'string' || r.status === 'default') continue;
    const base = Number(r.status[0]) * 100;
    out.push(ifs(and(bin(id('status'), '>=', num(base)), bin(id('status'), '<=', num(base + 99))), [ret(responseCheck(r, code))]));
  }
  const fallback = list.find((r) => r.status === 'default');
  out.push(
    ret(
      fallback
        ? responseCheck(fallback, code)
        : call('fail', E, str(''), str('status'), bin(str('status '), '+', bin(id('status'), '+', str(' is not a declared response')))),
    ),
  );
  return out;
}

function switchOnReturn(list: readonly ResponseIR[], code: SchemaCode): Stmt {
  // One case per status; statuses sharing a body check share a case list.
  const groups = new Map<string, { statuses: number[]; check: Expr }>();
  for (const r of list) {
    const key = JSON.stringify(r.contents.map((c) => [c.json, c.json ? c.schema : null]));
    const group = groups.get(key);
    if (group) group.statuses.push(r.status as number);
    else groups.set(key, { statuses: [r.status as number], check: responseCheck(r, code) });
  }
  return switchOn(
    id('status'),
    [...groups.values()].map((g) => ({ when: g.statuses.map(num), then: [ret(g.check)] })),
  );
}

function responseCheck(r: ResponseIR, code: SchemaCode): Expr {
  if (r.contents.length === 0) {
    return f.createConditionalExpression(
      or(bin(id('v'), '===', id('undefined')), bin(id('v'), '===', f.createNull()), bin(id('v'), '===', str(''))),
      undefined,
      bool(true),
      undefined,
      call('fail', E, str(''), str('body'), str('must be empty: the response declares no content')),
    );
  }
  const media: MediaIR | undefined = r.contents.find((c) => c.json);
  if (!media) return bool(true);
  code.helpers.add('guard');
  return call('guard', id(code.callable(media.schema, 'response')), id('v'), E);
}

function kindOf(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, depth = 0): Kind {
  if (depth > 16) return 'unknown';
  switch (schema.kind) {
    case 'ref': {
      const target = named.get(schema.name);
      return target ? kindOf(target.schema, named, depth + 1) : 'unknown';
    }
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'null':
    case 'array':
    case 'object':
      return schema.kind;
    case 'enum': {
      const first = schema.values.find((v) => v !== null);
      return typeof first === 'number'
        ? Number.isInteger(first)
          ? 'integer'
          : 'number'
        : typeof first === 'boolean'
          ? 'boolean'
          : 'string';
    }
    case 'union': {
      const kinds = schema.variants.map((v) => kindOf(v, named, depth + 1)).filter((k) => k !== 'null');
      return kinds[0] ?? 'null';
    }
    case 'intersection': {
      const kinds = schema.parts.map((v) => kindOf(v, named, depth + 1)).filter((k) => k !== 'unknown');
      return kinds[0] ?? 'unknown';
    }
    default:
      return 'unknown';
  }
}

function itemsOf(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, depth = 0): SchemaIR | undefined {
  if (depth > 16) return undefined;
  if (schema.kind === 'array') return schema.items;
  if (schema.kind === 'ref') {
    const target = named.get(schema.name);
    return target ? itemsOf(target.schema, named, depth + 1) : undefined;
  }
  if (schema.kind === 'union') for (const v of schema.variants) if (v.kind !== 'null') return itemsOf(v, named, depth + 1);
  return undefined;
}

function propertiesOf(schema: SchemaIR, named: ReadonlyMap<string, NamedSchema>, depth = 0): { name: string; schema: SchemaIR }[] {
  if (depth > 16) return [];
  if (schema.kind === 'object') return schema.properties;
  if (schema.kind === 'ref') {
    const target = named.get(schema.name);
    return target ? propertiesOf(target.schema, named, depth + 1) : [];
  }
  if (schema.kind === 'intersection') return schema.parts.flatMap((x) => propertiesOf(x, named, depth + 1));
  return [];
}
