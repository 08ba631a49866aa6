import ts from 'typescript';

/**
 * A thin layer over `ts.factory` for the statements validators are made of, so the emitters read
 * like the code they produce. Every function returns an AST node; nothing is concatenated as text.
 */
const f = ts.factory;
export type Expr = ts.Expression;
export type Stmt = ts.Statement;

export const id = (name: string): ts.Identifier => f.createIdentifier(name);
export const str = (value: string): ts.StringLiteral => f.createStringLiteral(value);
export const num = (value: number): Expr =>
  value < 0 || Object.is(value, -0)
    ? f.createPrefixUnaryExpression(ts.SyntaxKind.MinusToken, f.createNumericLiteral(-value))
    : f.createNumericLiteral(value);
export const bool = (value: boolean): Expr => (value ? f.createTrue() : f.createFalse());
export const nul = (): Expr => f.createNull();
export const undef = (): Expr => f.createIdentifier('undefined');

/** A JSON value as a fresh literal expression (a new object each time it is evaluated). */
export function json(value: unknown): Expr {
  if (value === null) return nul();
  if (typeof value === 'string') return str(value);
  if (typeof value === 'number') return num(value);
  if (typeof value === 'boolean') return bool(value);
  if (Array.isArray(value)) return f.createArrayLiteralExpression(value.map(json));
  return f.createObjectLiteralExpression(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => f.createPropertyAssignment(str(k), json(v))),
  );
}

export const call = (callee: string | Expr, ...args: Expr[]): Expr =>
  f.createCallExpression(typeof callee === 'string' ? id(callee) : callee, undefined, args);
export const method = (target: Expr, name: string, ...args: Expr[]): Expr =>
  f.createCallExpression(f.createPropertyAccessExpression(target, name), undefined, args);
export const dot = (target: Expr, name: string): Expr => f.createPropertyAccessExpression(target, name);
export const index = (target: Expr, key: Expr): Expr => f.createElementAccessExpression(target, key);
export const not = (e: Expr): Expr => f.createPrefixUnaryExpression(ts.SyntaxKind.ExclamationToken, paren(e));
export const typeOf = (e: Expr): Expr => f.createTypeOfExpression(e);

const OPS = {
  '===': ts.SyntaxKind.EqualsEqualsEqualsToken,
  '!==': ts.SyntaxKind.ExclamationEqualsEqualsToken,
  '<': ts.SyntaxKind.LessThanToken,
  '>': ts.SyntaxKind.GreaterThanToken,
  '<=': ts.SyntaxKind.LessThanEqualsToken,
  '>=': ts.SyntaxKind.GreaterThanEqualsToken,
  '&&': ts.SyntaxKind.AmpersandAmpersandToken,
  '||': ts.SyntaxKind.BarBarToken,
  '+': ts.SyntaxKind.PlusToken,
  '=': ts.SyntaxKind.EqualsToken,
} as const;
export const bin = (left: Expr, op: keyof typeof OPS, right: Expr): Expr => f.createBinaryExpression(paren(left), OPS[op], paren(right));
export const or = (...items: Expr[]): Expr => items.reduce((a, b) => bin(a, '||', b));
export const and = (...items: Expr[]): Expr => items.reduce((a, b) => bin(a, '&&', b));

function paren(e: Expr): Expr {
  return ts.isBinaryExpression(e) || ts.isConditionalExpression(e) ? f.createParenthesizedExpression(e) : e;
}

export const stmt = (e: Expr): Stmt => f.createExpressionStatement(e);
export const assign = (target: Expr, value: Expr): Stmt => stmt(f.createBinaryExpression(target, ts.SyntaxKind.EqualsToken, value));
export const ret = (e?: Expr): Stmt => f.createReturnStatement(e);
export const brk = (): Stmt => f.createBreakStatement();
export const block = (statements: Stmt[]): ts.Block => f.createBlock(statements, true);
export const ifs = (cond: Expr, then: Stmt[], otherwise?: Stmt[]): Stmt =>
  f.createIfStatement(
    cond,
    block(then),
    otherwise === undefined || otherwise.length === 0
      ? undefined
      : otherwise.length === 1 && ts.isIfStatement(otherwise[0]!)
        ? otherwise[0]
        : block(otherwise),
  );

function declare(kind: ts.NodeFlags, name: string, init: Expr | undefined, type?: ts.TypeNode): Stmt {
  return f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration(name, undefined, type, init)], kind),
  );
}
export const constant = (name: string, init: Expr, type?: ts.TypeNode): Stmt => declare(ts.NodeFlags.Const, name, init, type);
export const variable = (name: string, init: Expr, type?: ts.TypeNode): Stmt => declare(ts.NodeFlags.Let, name, init, type);

/** `for (let i = 0; i < target.length; i++) { … }` */
export function forIndex(i: string, target: Expr, body: Stmt[], start = 0): Stmt {
  return f.createForStatement(
    f.createVariableDeclarationList([f.createVariableDeclaration(i, undefined, undefined, num(start))], ts.NodeFlags.Let),
    bin(id(i), '<', dot(target, 'length')),
    f.createPostfixIncrement(id(i)),
    block(body),
  );
}

/** `for (const k in target) { … }` */
export const forIn = (k: string, target: Expr, body: Stmt[]): Stmt =>
  f.createForInStatement(f.createVariableDeclarationList([f.createVariableDeclaration(k)], ts.NodeFlags.Const), target, block(body));

/** `switch (value) { case a: …; default: … }` with one clause per case list. */
export function switchOn(value: Expr, cases: { when: Expr[]; then: Stmt[] }[], otherwise?: Stmt[]): Stmt {
  const clauses: ts.CaseOrDefaultClause[] = [];
  for (const c of cases) {
    c.when.forEach((w, i) => clauses.push(f.createCaseClause(w, i === c.when.length - 1 ? [...c.then, brk()] : [])));
  }
  if (otherwise) clauses.push(f.createDefaultClause([...otherwise, brk()]));
  return f.createSwitchStatement(value, f.createCaseBlock(clauses));
}

export const unknownType = (): ts.TypeNode => f.createKeywordTypeNode(ts.SyntaxKind.UnknownKeyword);
export const typeRef = (name: string, args?: ts.TypeNode[]): ts.TypeNode => f.createTypeReferenceNode(name, args);

/** A function declaration; `exported` adds `export`. */
export function fn(
  name: string,
  params: [string, ts.TypeNode][],
  returns: ts.TypeNode,
  body: Stmt[],
  exported = false,
): ts.FunctionDeclaration {
  return f.createFunctionDeclaration(
    exported ? [f.createModifier(ts.SyntaxKind.ExportKeyword)] : undefined,
    undefined,
    name,
    undefined,
    params.map(([n, t]) => f.createParameterDeclaration(undefined, undefined, n, undefined, t)),
    returns,
    block(body),
  );
}

/** Statements parsed from fixed source text: support code that never varies with the contract. */
export function fixed(source: string): Stmt[] {
  const file = ts.createSourceFile('fixed.ts', source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return file.statements.map((s) => synthesized(s));
}

/** Detaches parsed nodes from their text, so the printer prints them like factory-made ones. */
function synthesized<T extends ts.Node>(node: T): T {
  const visited = ts.visitEachChild(node, (child) => synthesized(child), undefined);
  return ts.setTextRange(visited, { pos: -1, end: -1 });
}
