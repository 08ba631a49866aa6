import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, readFailpoints, systemConfig } from '../src/index.ts';

describe('failpoints', () => {
  it('reads name[:n] entries and names a bad one', () => {
    const plan = readFailpoints({ APILIFE_FAILPOINTS: 'delivery.outbox.after-commit:3, scheduler.step.after:assign-drone' });
    expect([...plan]).toEqual([
      ['delivery.outbox.after-commit', 3],
      ['scheduler.step.after:assign-drone', 1],
    ]);
    expect(() => readFailpoints({ APILIFE_FAILPOINTS: 'Bad Name' })).toThrow(/"Bad Name" is not a failpoint/);
    expect(() => readFailpoints({ APILIFE_FAILPOINTS: 'a.b:0' })).toThrow(ConfigError);
  });

  it('are refused in production mode', () => {
    expect(() => systemConfig({ APILIFE_MODE: 'production', APILIFE_FAILPOINTS: 'a.b' })).toThrow(/refused in production mode/);
  });

  it('kill the process with SIGKILL at the n-th hit, and only there', () => {
    const script = `import { failpoint } from './services/platform/src/failpoints.ts';
      for (let i = 1; i <= 5; i++) { failpoint('x.y'); process.stdout.write(i + ' '); }`;
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    const killed = run({ APILIFE_FAILPOINTS: 'x.y:3' });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout.trim()).toBe('1 2');
    expect(run({}).stdout.trim()).toBe('1 2 3 4 5');
    expect(run({ APILIFE_FAILPOINTS: 'x.y:3', APILIFE_MODE: 'production' }).stdout.trim()).toBe('1 2 3 4 5');
  });
});
