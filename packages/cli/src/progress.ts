/** The stream a progress line is drawn on: standard error, or a fake one in tests. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** A live status line for long runs: drawn in place on a terminal, silent anywhere else. */
export interface Progress {
  /** Whether anything is drawn (false when the stream is not a TTY). */
  readonly active: boolean;
  /** What is being done now (`[2/7] Spectral · contracts/github.json`); the elapsed time is added. */
  update(status: string): void;
  /** Prints a line that stays (above the status line). */
  log(line: string): void;
  /** Erases the status line and stops redrawing; call before printing the report. */
  clear(): void;
}

export interface ProgressOptions {
  /** Milliseconds; injectable for tests. Default `performance.now`. */
  now?: () => number;
  /** On average at most one redraw per this many milliseconds (default 100: ten a second). */
  intervalMs?: number;
  /** Redraws allowed back to back before the average applies (default 3). */
  burst?: number;
  /** Redraw on a timer so the elapsed time moves during a long phase (default true). */
  timer?: boolean;
}

const CLEAR_LINE = '\r\u001b[K';
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * A progress line on `stream` when it is a TTY: `⠹ 12.4s  [2/7] Spectral · contracts/github.json`,
 * cut to the terminal's width. Redraws are throttled with a small burst (ten a second on average,
 * three back to back), so a phase that starts just after another is still shown before it blocks
 * the event loop (Spectral on a large document does); a timer keeps the elapsed time moving
 * between phases. On anything but a TTY (CI logs, pipes, files) nothing is written at all.
 *
 * @example
 * const progress = createProgress(process.stderr);
 * progress.update('Spectral · contracts/delivery/openapi.yaml');
 * progress.clear();
 */
export function createProgress(stream: ProgressStream, options: ProgressOptions = {}): Progress {
  if (stream.isTTY !== true) return { active: false, update: () => {}, log: () => {}, clear: () => {} };
  const now = options.now ?? (() => performance.now());
  const interval = options.intervalMs ?? 100;
  const burst = options.burst ?? 3;
  const started = now();
  let status = '';
  let tokens = burst;
  let refilledAt = started;
  let frame = 0;
  let stopped = false;
  /** A token bucket: `burst` draws at once, then one per `interval`. */
  const allowed = (at: number) => {
    tokens = Math.min(burst, tokens + (at - refilledAt) / interval);
    refilledAt = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
  const draw = (at: number) => {
    if (stopped || status === '') return;
    const line = `${SPINNER[frame++ % SPINNER.length]} ${((at - started) / 1000).toFixed(1)}s  ${status}`;
    // One column short of the width: a full line would wrap on some terminals and leave a copy behind.
    const width = (stream.columns ?? 80) - 1;
    const chars = [...line];
    stream.write(`${CLEAR_LINE}${chars.length > width ? `${chars.slice(0, width - 1).join('')}…` : line}`);
  };
  const tick = () => {
    const at = now();
    if (allowed(at)) draw(at);
  };
  const timer = options.timer === false ? undefined : setInterval(tick, interval);
  timer?.unref();
  return {
    active: true,
    update(next) {
      status = next;
      tick();
    },
    log(line) {
      if (stopped) return;
      stream.write(`${CLEAR_LINE}${line}\n`);
      draw(now());
    },
    clear() {
      if (stopped) return;
      stopped = true;
      if (timer) clearInterval(timer);
      stream.write(CLEAR_LINE);
    },
  };
}
