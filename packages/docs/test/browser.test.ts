/**
 * The portal in real Chromium (Debian's, driven by playwright-core; one launch for the file): the
 * repo's portal served on 127.0.0.1 and from file://, its links, search, badges, filters and
 * accessibility; a small fixture portal (stable contracts, a git history with fixed dates) for the
 * screenshots, hostile contract text and a broken contract.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadProjectConfig } from '@apilife/contract';
import { chromiumForTests, type GuardedPage, launchChromium, openGuardedPage, serveStatic, type StaticServer } from '@apilife/test-utils';
import type Axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortal } from '../src/index.ts';
import { compareScreenshot } from './screenshots.ts';
import { checkLinks, listFiles } from './site-links.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const FIXTURE = join(here, '__fixtures__/portal');
const SCREENSHOTS = join(here, 'screenshots');
/** The day both portals describe: sunsets, days left and overdue marks stay put. */
const TODAY = '2026-09-15';
/** The fixture's one commit: its changelog is the same on every machine. */
const COMMIT_DATE = '2026-01-15T12:00:00+00:00';
const UPDATE = process.env.APILIFE_UPDATE_SCREENSHOTS === '1';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const { path: chromium, skip } = chromiumForTests();

/** What the functions evaluated in Chromium use of the page's globals (this program has no DOM lib). */
interface InPageElement {
  id: string;
  tagName: string;
  attributes: Iterable<{ name: string }>;
  getAttribute(name: string): string | null;
}
declare const window: { axe: typeof Axe; __pwned?: number };
declare const document: {
  activeElement: InPageElement | null;
  body: { innerText: string };
  querySelectorAll(selector: string): ArrayLike<InPageElement> & Iterable<InPageElement>;
};

interface Built {
  out: string;
  server: StaticServer;
}

/** The fixture contracts in a fresh git repository with one commit at a fixed date (a stable changelog). */
function fixtureProject(): string {
  const root = mkdtempSync(join(tmpdir(), 'apilife-portal-fixture-'));
  cpSync(FIXTURE, root, { recursive: true });
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: 'Fixture',
    GIT_AUTHOR_EMAIL: 'fixture@example.com',
    GIT_AUTHOR_DATE: COMMIT_DATE,
    GIT_COMMITTER_NAME: 'Fixture',
    GIT_COMMITTER_EMAIL: 'fixture@example.com',
    GIT_COMMITTER_DATE: COMMIT_DATE,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
  };
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: root, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'The fixture contracts');
  return root;
}

/** Builds a project's portal into a temporary folder and serves it. `changelog: false` skips reading the git history (seconds on this repo's). */
async function build(project: string, changelog: boolean): Promise<Built> {
  const out = mkdtempSync(join(tmpdir(), 'apilife-portal-'));
  const config = await loadProjectConfig(project);
  await buildPortal({ config, out, today: TODAY, changelog });
  return { out, server: await serveStatic(out) };
}

/** Loads a page and answers what went wrong on it (external requests, console and page errors, dialogs). */
async function visit(guarded: GuardedPage, url: string): Promise<string[]> {
  guarded.problems(true);
  const response = await guarded.page.goto(url, { waitUntil: 'load' });
  const status = response && !url.startsWith('file:') && !response.ok() ? [`HTTP ${response.status()} for ${url}`] : [];
  return [...status, ...guarded.problems(true)];
}

/** Types into the search box ('/' focuses it) and answers the results' links. */
async function search(page: Page, text: string): Promise<{ text: string; href: string }[]> {
  await page.locator('body').press('/');
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('search-input');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type(text);
  const results = page.locator('#search-results li > a');
  await results.first().waitFor({ state: 'visible', timeout: 5000 });
  return results.evaluateAll((as) => as.map((a) => ({ text: a.textContent ?? '', href: a.getAttribute('href') ?? '' })));
}

describe.skipIf(skip !== undefined)('the portal in Chromium', () => {
  let browser: Browser;
  let site: Built;
  let fixture: Built;
  let fixtureRoot: string;
  let guarded: GuardedPage;
  let loose: GuardedPage;
  let crawlers: GuardedPage[];

  beforeAll(async () => {
    const launching = launchChromium(chromium);
    fixtureRoot = fixtureProject();
    site = await build(repo, false);
    fixture = await build(fixtureRoot, true);
    browser = await launching;
    guarded = await openGuardedPage(browser);
    // axe-core and the hostile page's trap need script the CSP forbids; the hostile page is also
    // loaded without the CSP so the escaping alone is what keeps its text from running.
    loose = await openGuardedPage(browser, { bypassCSP: true });
    crawlers = [guarded, ...(await Promise.all([openGuardedPage(browser), openGuardedPage(browser)]))];
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([site?.server.close(), fixture?.server.close()]);
    for (const dir of [site?.out, fixture?.out, fixtureRoot]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('every page of the repo portal loads over HTTP with no console error and no request leaving 127.0.0.1', async () => {
    const pages = listFiles(site.out).filter((f) => f.endsWith('.html'));
    expect(pages).toContain('index.html');
    expect(pages).toContain('system.html');
    expect(pages.filter((p) => p.startsWith('apis/'))).toHaveLength(11);
    expect(pages.some((p) => p.startsWith('files/'))).toBe(true);
    // Three tabs at a time: most of a page's time is Chromium's, which has cores of its own.
    const queue = [...pages];
    const problems: string[] = [];
    await Promise.all(
      crawlers.map(async (tab) => {
        for (let page = queue.shift(); page !== undefined; page = queue.shift())
          problems.push(...(await visit(tab, site.server.url + page)));
      }),
    );
    expect(problems).toEqual([]);
  });

  it.each([
    ['the repo portal', () => site.out],
    ['the fixture portal', () => fixture.out],
  ])('every internal link of %s resolves to a file and an anchor', (_, out) => {
    const { problems, checked } = checkLinks(out());
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(100);
  });

  it.each([
    ['an operation', 'rescheduleDelivery', 'apis/delivery/openapi.html#op-rescheduleDelivery'],
    ['a channel', 'drone.assignment.requests', 'apis/drone-management/asyncapi.html#channel-'],
    ['a message', 'DeliveryCreated', 'apis/delivery/asyncapi.html#message-DeliveryCreated'],
  ])('search finds %s (%s), and its result opens the anchor', async (_, text, want) => {
    expect(await visit(guarded, `${site.server.url}index.html`)).toEqual([]);
    const results = await search(guarded.page, text);
    const hit = results.find((r) => r.href.includes(want));
    expect(hit, JSON.stringify(results, null, 2)).toBeDefined();
    await guarded.page.locator(`#search-results li > a[href="${hit!.href}"]`).click();
    await guarded.page.waitForURL((url) => url.href.startsWith(site.server.url + want.split('#')[0]) && url.hash.length > 1);
    const id = decodeURIComponent(new URL(guarded.page.url()).hash.slice(1));
    expect(`${new URL(guarded.page.url()).pathname.slice(1)}#${id}`).toContain(want);
    await expect.poll(() => guarded.page.locator(`[id="${id}"]`).isVisible()).toBe(true);
    expect(guarded.problems(true)).toEqual([]);
  });

  it('a deprecated operation shows its badge and its sunset', async () => {
    // contracts/delivery/openapi.yaml: getDeliveryStatusV1, deprecated, sunset 2027-06-30 (after TODAY).
    expect(await visit(guarded, `${site.server.url}apis/delivery/openapi.html#op-getDeliveryStatusV1`)).toEqual([]);
    const operation = guarded.page.locator('#op-getDeliveryStatusV1');
    await expect.poll(() => operation.isVisible(), { message: '#op-getDeliveryStatusV1 is visible' }).toBe(true);
    // The badges are in the operation's own section (the anchor, or the section around it).
    const section = operation.locator('xpath=ancestor-or-self::*[self::section or self::article][1]');
    await expect
      .poll(() => section.locator('.badge-deprecated').first().isVisible(), {
        message: 'a visible .badge-deprecated in #op-getDeliveryStatusV1',
      })
      .toBe(true);
    // biome-ignore lint/performance/useDomNodeTextContent: what is visible is the point
    await expect.poll(() => section.locator('.badge-sunset').first().innerText()).toBe('Sunset 2027-06-30');
  });

  it('the stage and owner filters hide cards', async () => {
    expect(await visit(guarded, `${site.server.url}index.html`)).toEqual([]);
    const page = guarded.page;
    const visible = () => page.locator('.api-card:visible').count();
    const all = await page.locator('.api-card').count();
    expect(all).toBeGreaterThanOrEqual(11);
    expect(await visible()).toBe(all);
    for (const select of ['#filter-stage', '#filter-owner']) {
      const options = await page
        .locator(`select${select} option`)
        .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value));
      const value = options.find((o) => o !== '');
      expect(value, `${select} has no option to pick: ${options.join(', ')}`).toBeDefined();
      await page.selectOption(`select${select}`, value!);
      await expect.poll(visible).toBeLessThan(all);
      expect(await visible()).toBeGreaterThan(0);
      await page.selectOption(`select${select}`, options[0]!);
      await expect.poll(visible).toBe(all);
    }
    expect(guarded.problems(true)).toEqual([]);
  });

  it('the home page and an API page work from file://, search included', async () => {
    for (const page of ['index.html', 'apis/delivery/openapi.html']) {
      expect(await visit(guarded, pathToFileURL(join(site.out, page)).href)).toEqual([]);
    }
    const results = await search(guarded.page, 'createDelivery');
    expect(results.some((r) => r.href.endsWith('#op-createDelivery'))).toBe(true);
    expect(guarded.problems(true)).toEqual([]);
  });

  it('axe-core finds no serious or critical violation on the home page, search results open too', async () => {
    expect(await visit(loose, `${site.server.url}index.html`)).toEqual([]);
    await loose.page.addScriptTag({ content: AXE });
    const audit = async (state: string) => {
      const violations = await loose.page.evaluate(async () => (await window.axe.run(document)).violations);
      return violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
          (v) =>
            `${state}: ${v.impact} ${v.id}: ${v.help}\n${v.nodes
              .slice(0, 3)
              .map((n) => `  ${n.target.join(' ')}: ${(n.failureSummary ?? '').replace(/\n/g, ' ')}`)
              .join('\n')}`,
        );
    };
    const serious = await audit('home page');
    await search(loose.page, 'delivery');
    serious.push(...(await audit('search results open')));
    expect(serious, serious.join('\n')).toEqual([]);
  });

  it.each([
    ['home', 'index.html'],
    ['openapi', 'apis/shop/openapi.html'],
    ['asyncapi', 'apis/shop/asyncapi.html'],
  ])('the %s page looks like its committed screenshot', async (name, page) => {
    expect(await visit(guarded, fixture.server.url + page)).toEqual([]);
    const png = await guarded.page.screenshot({ animations: 'disabled', caret: 'hide' });
    const outcome = compareScreenshot(png, join(SCREENSHOTS, `${name}.png`), UPDATE);
    if (outcome.kind === 'written') {
      console.warn(`wrote packages/docs/test/screenshots/${name}.png (${outcome.reason})`);
      if (outcome.reason === 'missing')
        expect(process.env.CI, `no committed screenshot ${name}.png (written now: commit it)`).not.toBe('true');
      return;
    }
    const detail =
      outcome.kind === 'size'
        ? `size ${outcome.got}, committed ${outcome.want}; see ${outcome.actualFile}`
        : outcome.kind === 'different'
          ? `${(outcome.ratio * 100).toFixed(2)}% of the pixels differ; see ${outcome.actualFile} and ${outcome.diffFile} (APILIFE_UPDATE_SCREENSHOTS=1 rewrites the baseline)`
          : '';
    expect(outcome.kind, detail).toBe('same');
  });

  it.each([['apis/hostile/openapi.html'], ['apis/hostile/asyncapi.html'], ['index.html']])(
    'hostile contract text on %s is shown, never run (even without the CSP)',
    async (page) => {
      const problems = await visit(loose, fixture.server.url + page);
      const found = await loose.page.evaluate(() => ({
        pwned: window.__pwned ?? null,
        inlineScripts: document.querySelectorAll('script:not([src])').length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) =>
          [...e.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${e.tagName} ${a.name}`),
        ),
        javascriptUrls: [...document.querySelectorAll('[href],[src]')]
          .map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '')
          .filter((u) => /^\s*javascript:/i.test(u)),
        frames: document.querySelectorAll('iframe, object, embed').length,
        // biome-ignore lint/performance/useDomNodeTextContent: the visible text, not a script's source
        text: document.body.innerText,
      }));
      expect(problems).toEqual([]);
      expect(found.pwned).toBeNull();
      expect(found.inlineScripts).toBe(0);
      expect(found.handlers).toEqual([]);
      expect(found.javascriptUrls).toEqual([]);
      expect(found.frames).toBe(0);
      expect(found.text).toContain('<script>window.__pwned=1');
    },
  );

  it('a broken contract shows on the home page with its error, and the others build', async () => {
    expect(await visit(guarded, `${fixture.server.url}index.html`)).toEqual([]);
    const broken = guarded.page.locator('.api-card.broken');
    expect(await broken.count()).toBe(1);
    // biome-ignore lint/performance/useDomNodeTextContent: what is visible is the point
    const text = await broken.innerText();
    expect(text).toContain('broken/openapi.yaml');
    expect(text).toMatch(/:\d+:\d+/);
    expect(await guarded.page.locator('.api-card:not(.broken)').count()).toBe(4);
    expect(listFiles(fixture.out)).toEqual(
      expect.arrayContaining(['apis/shop/openapi.html', 'apis/shop/asyncapi.html', 'apis/hostile/openapi.html']),
    );
  });
});
