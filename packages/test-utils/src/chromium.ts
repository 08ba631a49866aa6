import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

/**
 * Flags for Chromium in a container, as root, offline: no sandbox (root), no GPU, no /dev/shm
 * (small in containers), and nothing that phones home (QUIC, component updates, sync, background
 * networking). Playwright adds `--headless` and a fresh `--user-data-dir`.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

/** Where Chromium is looked for, in order, after `APILIFE_CHROMIUM`. */
const CANDIDATES = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];
const ON_PATH = ['chromium-browser', 'chromium'];

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The Chromium executable: `APILIFE_CHROMIUM` when set (it must exist), else Debian's
 * `/usr/bin/chromium` or `/usr/lib/chromium/chromium`, else `chromium-browser` on the PATH;
 * `undefined` when there is none.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.APILIFE_CHROMIUM;
  if (chosen) return executable(chosen) ? chosen : undefined;
  const found = CANDIDATES.find(executable);
  if (found) return found;
  for (const name of ON_PATH) {
    const which = spawnSync('which', [name], { encoding: 'utf8' });
    const path = which.status === 0 ? which.stdout.trim() : '';
    if (path && executable(path)) return path;
  }
  return undefined;
}

/**
 * Chromium for a browser test, or why the test skips. Outside CI a missing Chromium skips the
 * test with a printed reason; with `CI=true` it throws (the house rule: no silent skips in CI).
 *
 * @example
 * const { path, skip } = chromiumForTests();
 * describe.skipIf(skip !== undefined)('the portal in Chromium', () => { … });
 */
export function chromiumForTests(env: NodeJS.ProcessEnv = process.env): { path?: string; skip?: string } {
  const path = findChromium(env);
  if (path) return { path };
  const reason = env.APILIFE_CHROMIUM
    ? `APILIFE_CHROMIUM=${env.APILIFE_CHROMIUM} is not an executable`
    : 'no Chromium found (APILIFE_CHROMIUM, /usr/bin/chromium, /usr/lib/chromium/chromium, chromium-browser); install it with `apt-get install -y chromium`';
  if (env.CI === 'true') throw new Error(`${reason}, and CI=true requires it`);
  console.warn(`skipping the browser tests: ${reason}`);
  return { skip: reason };
}

/** Launches headless Chromium with playwright-core (never a downloaded browser). */
export function launchChromium(executablePath = findChromium()): Promise<Browser> {
  if (!executablePath) throw new Error('no Chromium found: set APILIFE_CHROMIUM or install Debian’s chromium');
  return chromium.launch({ executablePath, headless: true, args: [...CHROMIUM_ARGS] });
}

/** A URL a page may load: the page's own files, inline data, and servers on 127.0.0.1. */
export function isLocalUrl(url: string): boolean {
  return /^(file|data|blob):/.test(url) || /^http:\/\/127\.0\.0\.1(:\d+)?\//.test(url);
}

/** A page that records what must not happen: requests leaving the machine, console errors, uncaught errors, dialogs. */
export interface GuardedPage {
  page: Page;
  context: BrowserContext;
  /** Every request that was not local (and was aborted). */
  external: string[];
  /** `console.error` messages, including CSP violations and failed loads Chromium reports there. */
  consoleErrors: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** `alert`/`confirm`/`prompt` dialogs that opened (each dismissed). */
  dialogs: string[];
  /** Everything recorded so far, for an assertion message; empties the records when `reset`. */
  problems(reset?: boolean): string[];
  close(): Promise<void>;
}

/**
 * Opens a page in a new browser context that aborts and records every request not to `file:`,
 * `data:`, `blob:` or `http://127.0.0.1:*`, and records console errors, page errors and dialogs.
 */
export async function openGuardedPage(browser: Browser, options: BrowserContextOptions = {}): Promise<GuardedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const guarded: Omit<GuardedPage, 'page'> & { page?: Page } = {
    context,
    external: [],
    consoleErrors: [],
    pageErrors: [],
    dialogs: [],
    problems(reset = false) {
      const all = [
        ...guarded.external.map((u) => `external request: ${u}`),
        ...guarded.consoleErrors.map((m) => `console error: ${m}`),
        ...guarded.pageErrors.map((m) => `page error: ${m}`),
        ...guarded.dialogs.map((m) => `dialog: ${m}`),
      ];
      if (reset) for (const list of [guarded.external, guarded.consoleErrors, guarded.pageErrors, guarded.dialogs]) list.length = 0;
      return all;
    },
    close: () => context.close(),
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocalUrl(url)) return route.continue();
    guarded.external.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') guarded.consoleErrors.push(`${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => guarded.pageErrors.push(`${error.message} (${page.url()})`));
  page.on('dialog', (dialog) => {
    guarded.dialogs.push(`${dialog.type()}: ${dialog.message()} (${page.url()})`);
    void dialog.dismiss();
  });
  guarded.page = page;
  return guarded as GuardedPage;
}
