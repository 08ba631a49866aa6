import type { Severity } from '@apilife/contract';

/** Wraps text in one ANSI style, or returns it unchanged when colours are off. */
export type Paint = (text: string) => string;

/** The few ANSI styles the human formats use. */
export interface Colors {
  red: Paint;
  yellow: Paint;
  blue: Paint;
  gray: Paint;
  green: Paint;
  bold: Paint;
  dim: Paint;
  underline: Paint;
}

const STYLES: Record<keyof Colors, [open: number, close: number]> = {
  red: [31, 39],
  yellow: [33, 39],
  blue: [34, 39],
  gray: [90, 39],
  green: [32, 39],
  bold: [1, 22],
  dim: [2, 22],
  underline: [4, 24],
};

/**
 * ANSI styles, or identity functions when `enabled` is false (not a TTY, `NO_COLOR`, `--output`).
 *
 * @example
 * const c = createColors(true);
 * c.red('error'); // '\u001b[31merror\u001b[39m'
 */
export function createColors(enabled: boolean): Colors {
  const paint = ([open, close]: [number, number]): Paint =>
    enabled ? (text) => (text === '' ? '' : `\u001b[${open}m${text}\u001b[${close}m`) : (text) => text;
  return Object.fromEntries(Object.entries(STYLES).map(([name, codes]) => [name, paint(codes)])) as unknown as Colors;
}

/** The colour of a severity: errors red, warnings yellow, info blue, hints gray. */
export function severityPaint(colors: Colors, severity: Severity): Paint {
  switch (severity) {
    case 'error':
      return colors.red;
    case 'warn':
      return colors.yellow;
    case 'info':
      return colors.blue;
    case 'hint':
      return colors.gray;
  }
}
