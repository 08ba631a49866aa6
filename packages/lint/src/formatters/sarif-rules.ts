import type { Severity } from '@apilife/contract';
import type { RuleInfo } from '../report.ts';

/** A SARIF `reportingDescriptor`: one rule in `tool.driver.rules`. */
export interface SarifRule {
  id: string;
  shortDescription: { text: string };
  fullDescription?: { text: string };
  /** What the rule checks, why, and how to fix or suppress a finding (GitHub shows the Markdown). */
  help?: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties: { engine: string; code: string };
}

/** SARIF `level` of a severity: hints and infos are both `note`. */
export const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warn: 'warning', info: 'note', hint: 'note' };

/**
 * The SARIF rule id of a rule or finding. Spectral's and apilife's codes are used as they are;
 * other engines' are qualified (`redocly:operation-operationId-unique`), since Redocly names many
 * rules exactly as Spectral does and ids must tell them apart. This is how findings' `also` reads.
 */
export function sarifRuleId(rule: { code: string; source: string }): string {
  return rule.source === 'spectral' || rule.source === 'apilife' ? rule.code : `${rule.source}:${rule.code}`;
}

/**
 * The rules of a run: every rule that ran, in the report's order, then any rule a finding names
 * that is not among them (added on first use, so `ruleIndex` always points at an entry).
 */
export class SarifRules {
  readonly list: SarifRule[] = [];
  readonly #index = new Map<string, number>();

  constructor(rules: readonly RuleInfo[]) {
    for (const rule of rules) this.#add(rule);
  }

  /** The id and index of a finding's rule, adding the rule when it is new. */
  of(finding: { code: string; source: string; severity: Severity }): { id: string; index: number } {
    const id = sarifRuleId(finding);
    const index = this.#index.get(id) ?? this.#add({ ...finding, description: finding.code });
    return { id, index };
  }

  #add(rule: Pick<RuleInfo, 'code' | 'description' | 'severity' | 'fullDescription' | 'help' | 'helpUri'> & { source: string }): number {
    const id = sarifRuleId(rule);
    const known = this.#index.get(id);
    if (known !== undefined) return known;
    this.list.push({
      id,
      shortDescription: { text: rule.description },
      ...(rule.fullDescription ? { fullDescription: { text: rule.fullDescription } } : {}),
      ...(rule.help ? { help: { text: rule.help.text, markdown: rule.help.markdown } } : {}),
      ...(rule.helpUri ? { helpUri: rule.helpUri } : {}),
      defaultConfiguration: { level: LEVEL[rule.severity] },
      properties: { engine: rule.source, code: rule.code },
    });
    this.#index.set(id, this.list.length - 1);
    return this.list.length - 1;
  }
}
