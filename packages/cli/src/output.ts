import { createProgress, type Progress } from './progress.ts';

/**
 * The only place the CLI writes to the terminal. Colours are on for a TTY unless `NO_COLOR` is set
 * (or `FORCE_COLOR` forces them).
 */
export interface Output {
  color: boolean;
  /** Progress and summaries for people: standard error, so standard output stays parseable. */
  info(line: string): void;
  /** The command's result: standard output. */
  result(text: string): void;
  error(line: string): void;
  /** A live progress line on standard error; absent or inactive (draws nothing) when it is not a TTY. */
  progress?(): Progress;
}

export function createOutput(stream: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream } = process): Output {
  const color = process.env.FORCE_COLOR ? process.env.FORCE_COLOR !== '0' : !process.env.NO_COLOR && stream.stdout.isTTY === true;
  return {
    color,
    info: (line) => void stream.stderr.write(`${line}\n`),
    result: (text) => void stream.stdout.write(text.endsWith('\n') || text === '' ? text : `${text}\n`),
    error: (line) => void stream.stderr.write(`${color ? '\x1b[31m' : ''} ✘ ${line}${color ? '\x1b[39m' : ''}\n`),
    progress: () => createProgress(stream.stderr),
  };
}

/** `1234.5` → `1.23s`, `42.1` → `42ms`. */
export function formatDuration(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)}s` : `${Math.round(ms)}ms`;
}
