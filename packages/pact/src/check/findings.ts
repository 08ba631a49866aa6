import type { Diagnostic, ParsedSource, Placer, Severity } from '@apilife/contract';
import type { PactInteraction } from './model.ts';

/** Where a finding is in the pact: the file, the interaction (index and description) and the place in it. */
export interface PactPlace {
  file: string;
  /** Index in the pact's `interactions` (or V3 `messages`). */
  interaction: number;
  description: string;
  /** JSON pointer in the pact file. */
  pointer: string;
  /** 1-based line and column of that place in the pact file. */
  line: number;
  column: number;
}

/** What every `apilife pact check` finding carries besides the one finding shape. */
export interface PactFindingData {
  pact: PactPlace;
  /** The contract place (`file`, `line` 1-based): also the finding's own `file` and `range`. Absent when the pact names nothing in a contract. */
  contract?: { file: string; pointer: string; line: number };
  /** `message.no.match`: why each candidate message did not match. */
  causes?: { code: string; message: string; messageKey?: string }[];
  /** `operation.deprecated`: the day it stops working, when the contract names one. */
  sunset?: string;
}

/** A finding of `apilife pact check`: the one finding shape (ADR 0022), located in the contract. */
export type PactDiagnostic = Diagnostic<PactFindingData>;

export const SOURCE = 'apilife pact';

/**
 * Makes the findings of one pact file: each is placed in the contract (its `file`, `path` and
 * `range`, through the provider's placer, so SARIF shows it there) and names the pact
 * interaction and its line in `data.pact`.
 */
export class FindingSink {
  readonly findings: PactDiagnostic[] = [];

  constructor(
    private readonly pactFile: string,
    private readonly source: ParsedSource | undefined,
    private readonly placer: Placer | undefined,
  ) {}

  add(
    interaction: PactInteraction,
    code: string,
    severity: Severity,
    message: string,
    pactPointer: string,
    contract?: { file: string; pointer: string },
    extra: Omit<PactFindingData, 'pact' | 'contract'> = {},
  ): void {
    const pactPath = splitPointer(pactPointer);
    const pactRange = this.source?.sourceMap.locate(pactPath).range;
    const pact: PactPlace = {
      file: this.pactFile,
      interaction: interaction.index,
      description: interaction.description,
      pointer: pactPointer,
      line: (pactRange?.start.line ?? 0) + 1,
      column: (pactRange?.start.character ?? 0) + 1,
    };
    if (contract && this.placer) {
      const range = this.placer.range(contract.file, contract.pointer);
      this.findings.push({
        code,
        severity,
        message,
        file: contract.file,
        path: splitPointer(contract.pointer),
        range,
        source: SOURCE,
        data: { pact, contract: { ...contract, line: range.start.line + 1 }, ...extra },
      });
      return;
    }
    this.findings.push({
      code,
      severity,
      message,
      file: this.pactFile,
      path: pactPath,
      range: pactRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      source: SOURCE,
      data: { pact, ...extra },
    });
  }
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Escapes one JSON pointer token. */
export function token(text: string | number): string {
  return String(text).replace(/~/g, '~0').replace(/\//g, '~1');
}
