import { isObject, type Located, type Operation, type RefResolver } from '@apilife/spec';
import { defineRule } from './define-rule.ts';
import { backtrackingRisk } from './regex-backtracking.ts';
import { locationKey, rawChild, walkSchemas } from './schema-walk.ts';

const risks = new Map<string, string | undefined>();

/** Why a pattern is not safe to run on untrusted input (does not compile, or may backtrack for ever), or undefined. */
export function patternProblem(pattern: string): string | undefined {
  if (risks.has(pattern)) return risks.get(pattern);
  let problem: string | undefined;
  try {
    new RegExp(pattern, 'u');
    const risk = backtrackingRisk(pattern);
    if (risk) problem = `risks catastrophic backtracking: ${risk}; rewrite it so each character can be matched one way only`;
  } catch (error) {
    problem = `does not compile as a JavaScript Unicode regular expression (${error instanceof Error ? error.message : String(error)})`;
  }
  if (risks.size > 10_000) risks.clear();
  risks.set(pattern, problem);
  return problem;
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
    if (operation.protocol === 'message' && operation.method === 'receive') for (const m of operation.messages) roots.push(m.payload, m.headers);
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
  description: 'Every `pattern` compiles as a JS `u` regex without catastrophic backtracking, and input strings with a `pattern` have a `maxLength`.',
  severity: 'error',
  formats: ['openapi', 'asyncapi'],
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
        once(node, `input string with pattern "${pattern.value}" has no \`maxLength\`: bound it, so no pattern runs on megabytes of input`, ':maxLength');
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
