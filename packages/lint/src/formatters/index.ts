import type { Formatter } from '../report.ts';
import { github } from './github.ts';
import { json } from './json.ts';
import { junit } from './junit.ts';
import { sarif } from './sarif.ts';
import { stylish } from './stylish.ts';

/** The names `apilife lint --format` takes; the first is the default. */
export const FORMAT_NAMES = ['stylish', 'json', 'sarif', 'junit', 'github'] as const;

/** One of {@link FORMAT_NAMES}. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/**
 * Every output format of `apilife lint`, by name. A formatter turns a report into text and
 * nothing else: same report, same bytes (no timestamps, no absolute paths).
 *
 * @example
 * const text = FORMATTERS.sarif(report, { color: false, failSeverity: 'error' });
 */
export const FORMATTERS: Record<FormatName, Formatter> = { stylish, json, sarif, junit, github };

export { codeFrame } from './code-frame.ts';
export { escapeCommandData, escapeCommandProperty } from './github.ts';
export { escapeXmlAttribute, escapeXmlText } from './junit.ts';
export type { JsonDiagnostic, JsonReport, JsonSuppressedDiagnostic } from './json.ts';
export { sarifRuleId } from './sarif-rules.ts';
