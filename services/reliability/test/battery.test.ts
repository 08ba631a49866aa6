import { describe, expect, it } from 'vitest';
import { resultLine, runBattery, type ReliabilityCase } from '../src/battery.ts';

const quick = (id: string, run: ReliabilityCase['run'], extra: Partial<ReliabilityCase> = {}): ReliabilityCase => ({
  id,
  area: 'messaging',
  promise: `${id} holds`,
  needs: [],
  limit: { ci: 5, full: 5 },
  run,
  ...extra,
});

describe('the battery runner', () => {
  it('passes what holds, fails what broke, and sums lost, duplicated and 5xx', async () => {
    const result = await runBattery(
      [
        quick('a.held', async () => ({ ok: true, figures: { events: 10 }, lost: 0, duplicated: 0 })),
        quick('a.broke', async () => ({ ok: false, figures: {}, lost: 2, fiveXX: 1, failures: ['2 events lost'] })),
        quick('a.threw', async () => {
          throw new Error('boom');
        }),
      ],
      { profile: 'ci' },
    );
    expect(result.outcomes.map((o) => o.status)).toEqual(['passed', 'failed', 'failed']);
    expect(result.outcomes[2]!.failures).toEqual(['boom']);
    expect(result).toMatchObject({ ok: false, lost: 2, duplicated: 0, fiveXX: 1 });
    const line = resultLine(result);
    expect(line.startsWith('reliability-result: ')).toBe(true);
    const parsed = JSON.parse(line.slice('reliability-result: '.length));
    expect(parsed).toMatchObject({ lost: 2, duplicated: 0, '5xx': 1 });
    expect(parsed.cases['a.held']).toMatchObject({ ok: true, events: 10 });
    expect(parsed.cases['a.broke']).toMatchObject({ ok: false, failures: ['2 events lost'] });
  });

  it('a case past its limit is aborted and fails, even when it ignores the signal', async () => {
    const result = await runBattery(
      [
        quick(
          'slow.polite',
          (ctx) => new Promise((resolve) => ctx.signal.addEventListener('abort', () => resolve({ ok: true, figures: {} }))),
          {
            limit: { ci: 0.1, full: 0.1 },
          },
        ),
        quick('slow.deaf', () => new Promise(() => {}), { limit: { ci: 0.1, full: 0.1 } }),
      ],
      { profile: 'ci', graceMs: 100 },
    );
    expect(result.outcomes.map((o) => o.status)).toEqual(['failed', 'failed']);
    expect(result.outcomes[0]!.failures!.join()).toMatch(/past its limit/);
    expect(result.outcomes[1]!.failures!.join()).toMatch(/did not finish/);
  });

  it('a missing server skips the case outside CI, saying why, and fails it under CI', async () => {
    const needsChromium = quick('b.portal', async () => ({ ok: true, figures: {} }), { needs: ['chromium'] });

    const { SERVERS } = await import('../src/support/servers.ts');
    const saved = SERVERS.chromium;
    (SERVERS as { chromium: string }).chromium = '/nonexistent/chromium';
    try {
      const outside = await runBattery([needsChromium], { profile: 'ci', ci: false });
      expect(outside.outcomes[0]).toMatchObject({ status: 'skipped' });
      expect(outside.outcomes[0]!.reason).toMatch(/Chromium at \/nonexistent\/chromium.*CI=true/);
      expect(outside.ok).toBe(true);
      const inside = await runBattery([needsChromium], { profile: 'ci', ci: true });
      expect(inside.outcomes[0]).toMatchObject({ status: 'failed' });
      expect(inside.ok).toBe(false);
    } finally {
      (SERVERS as { chromium: string }).chromium = saved;
    }
  });

  it('runs up to `concurrency` cases at once and an exclusive case alone; the profile picks the figures', async () => {
    let running = 0;
    let most = 0;
    const seen: string[] = [];
    const tracked = (id: string, exclusive = false) =>
      quick(
        id,
        async (ctx) => {
          running++;
          most = Math.max(most, running);
          seen.push(`${id}:${running}`);
          await new Promise((r) => setTimeout(r, 30));
          running--;
          return { ok: true, figures: { n: ctx.pick(1, 2) } };
        },
        { exclusive },
      );
    const result = await runBattery([tracked('c.1'), tracked('c.2'), tracked('c.solo', true), tracked('c.3')], {
      profile: 'full',
      concurrency: 2,
    });
    expect(most).toBe(2);
    expect(seen).toContain('c.solo:1');
    expect(result.outcomes.every((o) => o.figures.n === 2)).toBe(true);
  });

  it('a case of the other profile only is listed as skipped, saying where it runs', async () => {
    let ran = false;
    const fullOnly = quick('e.full', async () => ((ran = true), { ok: true, figures: {} }), { profiles: ['full'] });
    const result = await runBattery([fullOnly], { profile: 'ci', ci: true });
    expect(ran).toBe(false);
    expect(result.outcomes[0]).toMatchObject({ status: 'skipped', reason: 'runs in the full profile only' });
    expect(result.ok).toBe(true);
  });

  it('refuses two cases with one id', async () => {
    const c = quick('d.same', async () => ({ ok: true, figures: {} }));
    await expect(runBattery([c, c], { profile: 'ci' })).rejects.toThrow(/two cases are called d.same/);
  });
});
