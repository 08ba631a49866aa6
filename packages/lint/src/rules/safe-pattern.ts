import { isObject, type Located, type Operation, type RefResolver } from '@apilife/contract';
import { planPattern } from '@apilife/contract/regex';
import { defineRule } from './define-rule.ts';
import { locationKey, rawChild, walkSchemas } from './schema-walk.ts';

/**
 * Why a pattern is not safe to run on untrusted input, or undefined: it does not compile, it can
 * backtrack exponentially (apilife runs such patterns on a linear-time engine, but every other
 * tool reading the contract runs them on a backtracking one), or it could backtrack and needs
 * lookarounds or back-references, so apilife does not run it at all.
 */
export function patternProblem(pattern: string): string | undefined {
  let plan;
  try {
    plan = planPattern(pattern, 'u');
  } catch (error) {
    return `does not compile as a JavaScript Unicode regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (plan.engine === 'refused') {
    return `is not run by apilife: ${plan.reason ?? 'it may backtrack'} (${plan.complexity} time on a backtracking engine), and it uses ${plan.refusal}; examples are not checked against it and \`apilife generate\` refuses it: rewrite it without them`;
  }
  if (plan.complexity === 'exponential')
    return `risks catastrophic backtracking: ${plan.reason}; rewrite it so each character can be matched one way only`;
  return undefined;
}

/** The schemas an operation reads from untrusted input: parameter schemas and request bodies (AsyncAPI: received messages). */
function inputSchemas(resolver: RefResolver, operations: readonly Operation[]): (Located | undefined)[] {
  const roots: (Located | undefined)[] = [];
  for (const operation of operations) {
    for (const parameter of operation.parameters) {
      roots.push(parameter.schema);
      for (const [, media] of resolver.entries(resolver.child(parameter.at, 'content'))) roots.push(resolver.child(media, 'schema'));
    }
    for (const content of operation.requestBody?.contents ?? []) roots.push(content.schema);
    if (operation.protocol === 'message' && operation.method === 'receive')
      for (const m of operation.messages) roots.push(m.payload, m.headers);
  }
  return roots;
}

/**
 * Patterns are safe to run on what clients send: every `pattern` compiles as a JavaScript `u`
 * regular expression and cannot backtrack catastrophically (ReDoS), and a string input with a
 * `pattern` has a `maxLength`, which bounds the work of any regular expression engine.
 */
export default defineRule({
  id: 'safe-pattern',
  description:
    'Every `pattern` compiles as a JS `u` regex without catastrophic backtracking, and input strings with a `pattern` have a `maxLength`.',
  severity: 'error',
  ruleset: 'safety',
  formats: ['openapi', 'asyncapi'],
  docs: {
    why: 'Servers, clients and the linters themselves run each `pattern` on untrusted input. A pattern with catastrophic backtracking (`(a+)+$`) lets one request hold a CPU for minutes, and a pattern without `maxLength` lets it grow without bound. Patterns must also compile as JavaScript `u` regular expressions, which the generated validators use.',
    failing: "schema:\n  type: string\n  pattern: '^(a+)+$'",
    passing: "schema:\n  type: string\n  maxLength: 64\n  pattern: '^a+$'",
  },
  check({ document, resolver, report }) {
    const reported = new Set<string>();
    const once = (at: Located, message: string, suffix = '') => {
      const key = locationKey(at) + suffix;
      if (!reported.has(key)) report({ message, at });
      reported.add(key);
    };
    const visit = (input: boolean) => (node: Located<Record<string, unknown>>) => {
      const patterns = rawChild(node, 'patternProperties');
      if (patterns && isObject(patterns.value)) {
        for (const key of Object.keys(patterns.value)) {
          const problem = patternProblem(key);
          if (problem) once(rawChild(patterns, key)!, `patternProperties key "${key}" ${problem}`);
        }
      }
      const pattern = rawChild(node, 'pattern');
      if (!pattern) return;
      if (typeof pattern.value !== 'string') return once(pattern, '`pattern` is not a string: write a regular expression');
      const problem = patternProblem(pattern.value);
      if (problem) once(pattern, `pattern "${pattern.value}" ${problem}`);
      const type = node.value.type;
      const isString = type === undefined || type === 'string' || (Array.isArray(type) && type.includes('string'));
      if (input && isString && typeof node.value.maxLength !== 'number') {
        once(
          node,
          `input string with pattern "${pattern.value}" has no \`maxLength\`: bound it, so no pattern runs on megabytes of input`,
          ':maxLength',
        );
      }
    };
    // Inputs (pattern and maxLength), then every other schema (pattern only); a walk visits each node once.
    walkSchemas(resolver, inputSchemas(resolver, document.operations), visit(true));
    const outputs: (Located | undefined)[] = [...document.schemas];
    for (const operation of document.operations) {
      for (const response of operation.responses) for (const c of response.contents) outputs.push(c.schema);
    }
    for (const m of document.messages) outputs.push(m.payload, m.headers);
    walkSchemas(resolver, outputs, visit(false));
  },
});
