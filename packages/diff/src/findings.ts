import type { Diagnostic, Placer, Severity } from '@apilife/contract';
import type { Level } from './checks.ts';
import type { Change } from './report.ts';

const SEVERITY: Record<Level, Severity> = { breaking: 'error', warning: 'warn', info: 'info' };

/**
 * The severity a change is reported at among other findings: breaking is an error.
 * @example
 * severityOf('breaking'); // 'error'
 */
export const severityOf = (level: Level): Severity => SEVERITY[level];

/**
 * The changes as findings (`Diagnostic`, the change in `data`), each placed at its place in the new
 * document (the old one for what only it has), with the check id as its code: what the CI formats
 * print. Placed here, where the documents were read, so no printer looks for a line again.
 */
export function changeDiagnostics(changes: readonly Change[], placer: Placer): Diagnostic<Change>[] {
  return changes.map((change) => {
    const place = change.new ?? change.old!;
    return placer.place({
      code: change.id,
      severity: SEVERITY[change.level],
      message: `${change.subject}: ${change.message}`,
      file: place.file,
      pointer: place.pointer,
      source: 'apilife',
      data: change,
    });
  });
}
