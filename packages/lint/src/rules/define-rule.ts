import type { ApiModel, ContractDocument, ContractKind, JsonPath, Located, RefResolver, Severity } from '@apilife/contract';

/** What a house rule sees: one contract document, the whole model, and a way to report. */
export interface RuleContext {
  document: ContractDocument;
  model: ApiModel;
  /** Follows `$ref`s across the contract's files. */
  resolver: RefResolver;
  /** "Now", injectable so date rules (sunsets) are testable. */
  now: Date;
  /** Reports a finding at a located value (or a file + path). */
  report(finding: { message: string; at: Pick<Located, 'file' | 'path'>; severity?: Severity }): void;
}

/** A house rule: one file under `rules/`, one test beside it. */
export interface HouseRule {
  /** Id without the `apilife/` prefix, kebab-case: `problem-json`. */
  id: string;
  /** One line: what the rule asks for and why. Shown by `apilife lint --list-rules` and in SARIF. */
  description: string;
  severity: Severity;
  /**
   * `safety`: always runs, on anyone's contract (patterns that run in bounded time, examples that
   * match their schemas). `recommended`: apilife's house style, for projects that opt in by
   * extending `apilife:recommended` in `.spectral.yaml` (or name the rule under `rules:`).
   */
  ruleset: 'safety' | 'recommended';
  /** Which documents the rule applies to. */
  formats: readonly ContractKind[];
  /** Its help: SARIF `help` and its page in the docs portal (`rules/<id>.html`). */
  docs: RuleDocs;
  check(context: RuleContext): void;
}

/** What a house rule's help says beyond its description. */
export interface RuleDocs {
  /** Why the rule exists: what goes wrong without it (Markdown inline code allowed). */
  why: string;
  /** A contract fragment (YAML) the rule reports. */
  failing: string;
  /** The same fragment, fixed. */
  passing: string;
}

/** Declares a house rule (an identity function that keeps the type). */
export function defineRule(rule: HouseRule): HouseRule {
  return rule;
}

/** The code a house rule's findings carry: `apilife/<id>`. */
export function ruleCode(rule: HouseRule | string): string {
  return `apilife/${typeof rule === 'string' ? rule : rule.id}`;
}

/** A path for messages: `paths./deliveries.post`. */
export function showPath(path: JsonPath): string {
  return path.map(String).join('.');
}
