import { RefResolver, type ApiModel, type ContractDocument, type Diagnostic, type Severity } from '@apilife/contract';
import { ruleCode, type HouseRule } from '../../rules/define-rule.ts';

export interface HouseEngineOptions {
  rules: readonly HouseRule[];
  /** Per-rule overrides, by code (`apilife/problem-json`) or id: a severity, or `off`/`false`. */
  severities?: Record<string, string | boolean>;
  now?: Date;
}

const SEVERITY_NAMES: Record<string, Severity | 'off'> = {
  error: 'error',
  warn: 'warn',
  warning: 'warn',
  info: 'info',
  information: 'info',
  hint: 'hint',
  off: 'off',
  '0': 'error',
  '1': 'warn',
  '2': 'info',
  '3': 'hint',
  false: 'off',
  true: 'error',
};

/** Runs the house rules over the model, document by document. */
export class HouseEngine {
  readonly #rules: { rule: HouseRule; severity: Severity }[];
  readonly #now: Date;

  constructor(options: HouseEngineOptions) {
    this.#now = options.now ?? new Date();
    this.#rules = [];
    for (const rule of options.rules) {
      const override = options.severities?.[ruleCode(rule)] ?? options.severities?.[rule.id];
      const severity = override === undefined ? rule.severity : SEVERITY_NAMES[String(override)];
      if (severity === undefined) throw new Error(`unknown severity "${String(override)}" for ${ruleCode(rule)}`);
      if (severity !== 'off') this.#rules.push({ rule, severity });
    }
  }

  get rules(): readonly HouseRule[] {
    return this.#rules.map((r) => r.rule);
  }

  run(model: ApiModel, document: ContractDocument): Diagnostic[] {
    const out: Diagnostic[] = [];
    // The house rules read AsyncAPI 3: a 2.x document is here only when it could not be converted
    // (an `asyncapi-conversion-failed` error says so); Spectral and Redocly lint it as written.
    if (document.kind === 'asyncapi' && !document.specVersion.startsWith('3.')) return out;
    // Every file the contract may read is already in `document.files`: the policy was applied on load.
    const resolver = new RefResolver(document.files, { root: '/', allow: [] });
    for (const { rule, severity } of this.#rules) {
      if (!rule.formats.includes(document.kind)) continue;
      rule.check({
        document,
        model,
        resolver,
        now: this.#now,
        report: ({ message, at, severity: own }) => {
          const source = document.files.get(at.file) ?? document.source;
          const location = source.sourceMap.locate(at.path);
          out.push({
            code: ruleCode(rule),
            severity: own ?? severity,
            message,
            file: source.file,
            // In an AsyncAPI 2 file read as its 3.0 conversion, the path as written.
            path: source.convertedFrom ? location.path : at.path,
            range: location.keyRange ?? location.range,
            source: 'apilife',
          });
        },
      });
    }
    return out;
  }
}
