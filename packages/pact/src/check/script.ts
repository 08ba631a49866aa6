import type TypeScript from 'typescript';

/**
 * A generated module's statements as a CommonJS script, printed straight from the AST: type
 * annotations, type-only declarations and assertions dropped, `import { a } from 'm'` as
 * `const { a } = require('m')`, exported declarations also assigned to `exports`. The validators
 * target writes plain code with types on it (no enums, namespaces or decorators), which is all this
 * handles; anything else it meets is an error rather than wrong code. Printing JavaScript directly
 * costs less than printing TypeScript and stripping it again.
 */
export function toScript(ts: typeof TypeScript, statements: readonly TypeScript.Statement[]): string {
  const f = ts.factory;
  const exported: string[] = [];
  const strip = (context: TypeScript.TransformationContext) => {
    const visit = (node: TypeScript.Node): TypeScript.Node | undefined => {
      if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return undefined;
      if (ts.isEnumDeclaration(node) || ts.isModuleDeclaration(node) || ts.isDecorator(node))
        throw new Error(`the generated validators use ${ts.SyntaxKind[node.kind]}, which toScript does not translate`);
      if (ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node) || ts.isTypeAssertionExpression(node))
        return visit(node.expression);
      if (ts.isParameter(node))
        return f.updateParameterDeclaration(
          node,
          undefined,
          node.dotDotDotToken,
          ts.visitNode(node.name, visit) as TypeScript.BindingName,
          undefined,
          undefined,
          ts.visitNode(node.initializer, visit) as TypeScript.Expression | undefined,
        );
      if (ts.isVariableDeclaration(node))
        return f.updateVariableDeclaration(
          node,
          ts.visitNode(node.name, visit) as TypeScript.BindingName,
          undefined,
          undefined,
          ts.visitNode(node.initializer, visit) as TypeScript.Expression | undefined,
        );
      if (ts.isFunctionDeclaration(node))
        return f.updateFunctionDeclaration(
          node,
          node.modifiers?.filter((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
          node.asteriskToken,
          node.name,
          undefined,
          ts.visitNodes(node.parameters, visit) as TypeScript.NodeArray<TypeScript.ParameterDeclaration>,
          undefined,
          ts.visitNode(node.body, visit) as TypeScript.Block | undefined,
        );
      if (ts.isArrowFunction(node))
        return f.updateArrowFunction(
          node,
          node.modifiers,
          undefined,
          ts.visitNodes(node.parameters, visit) as TypeScript.NodeArray<TypeScript.ParameterDeclaration>,
          undefined,
          node.equalsGreaterThanToken,
          ts.visitNode(node.body, visit) as TypeScript.ConciseBody,
        );
      if (ts.isMethodDeclaration(node))
        return f.updateMethodDeclaration(
          node,
          node.modifiers?.filter((m) => m.kind === ts.SyntaxKind.AsyncKeyword),
          node.asteriskToken,
          node.name,
          undefined,
          undefined,
          ts.visitNodes(node.parameters, visit) as TypeScript.NodeArray<TypeScript.ParameterDeclaration>,
          undefined,
          ts.visitNode(node.body, visit) as TypeScript.Block | undefined,
        );
      if (ts.isFunctionExpression(node))
        return f.updateFunctionExpression(
          node,
          node.modifiers,
          node.asteriskToken,
          node.name,
          undefined,
          ts.visitNodes(node.parameters, visit) as TypeScript.NodeArray<TypeScript.ParameterDeclaration>,
          undefined,
          ts.visitNode(node.body, visit) as TypeScript.Block,
        );
      if (ts.isCallExpression(node))
        return f.updateCallExpression(
          node,
          ts.visitNode(node.expression, visit) as TypeScript.Expression,
          undefined,
          ts.visitNodes(node.arguments, visit) as TypeScript.NodeArray<TypeScript.Expression>,
        );
      if (ts.isNewExpression(node))
        return f.updateNewExpression(
          node,
          ts.visitNode(node.expression, visit) as TypeScript.Expression,
          undefined,
          ts.visitNodes(node.arguments, visit) as TypeScript.NodeArray<TypeScript.Expression> | undefined,
        );
      return ts.visitEachChild(node, visit, context);
    };
    return (file: TypeScript.SourceFile) => ts.visitEachChild(file, visit, context);
  };

  const script: TypeScript.Statement[] = [];
  for (const statement of statements) {
    if (ts.isImportDeclaration(statement)) {
      const clause = statement.importClause;
      if (!clause || clause.isTypeOnly) continue;
      const names =
        clause.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements.filter((e) => !e.isTypeOnly) : [];
      const binding =
        clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)
          ? clause.namedBindings.name
          : f.createObjectBindingPattern(names.map((e) => f.createBindingElement(undefined, e.propertyName, e.name)));
      if (names.length === 0 && !(clause.namedBindings && ts.isNamespaceImport(clause.namedBindings))) continue;
      script.push(
        f.createVariableStatement(
          undefined,
          f.createVariableDeclarationList(
            [
              f.createVariableDeclaration(
                binding,
                undefined,
                undefined,
                f.createCallExpression(f.createIdentifier('require'), undefined, [statement.moduleSpecifier]),
              ),
            ],
            ts.NodeFlags.Const,
          ),
        ),
      );
      continue;
    }
    if (ts.isExportDeclaration(statement)) {
      if (statement.isTypeOnly) continue;
      throw new Error('the generated validators re-export, which toScript does not translate');
    }
    const isExported = ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (isExported && ts.isFunctionDeclaration(statement) && statement.name) exported.push(statement.name.text);
    if (isExported && ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name)) exported.push(declaration.name.text);
    script.push(
      ts.isVariableStatement(statement) && isExported
        ? f.updateVariableStatement(statement, undefined, statement.declarationList)
        : statement,
    );
  }
  for (const name of exported)
    script.push(
      f.createExpressionStatement(
        f.createAssignment(f.createPropertyAccessExpression(f.createIdentifier('exports'), name), f.createIdentifier(name)),
      ),
    );

  // Synthesized statements (what targets build) print from themselves; parsed ones from their file's text.
  const parsed = statements[0] !== undefined && statements[0].pos >= 0 ? statements[0].getSourceFile() : undefined;
  const source = f.updateSourceFile(parsed ?? ts.createSourceFile('validators.js', '', ts.ScriptTarget.ES2022), script);
  const result = ts.transform(source, [strip]);
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, removeComments: true });
  const text = printer.printFile(result.transformed[0]!);
  result.dispose();
  return text;
}
