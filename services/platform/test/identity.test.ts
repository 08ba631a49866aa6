import { readFileSync } from 'node:fs';
import { createJwtVerifier } from '@apilife/runtime-server';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  CALLERS,
  DEV_ACCOUNT_ID,
  ConfigError,
  readMode,
  resolveUrls,
  serviceSecurity,
  SERVICES,
  serviceToken,
  systemConfig,
  type ServiceName,
} from '../src/index.ts';
import { accountOf } from '../src/auth.ts';

/**
 * Service identity: each service signs with its own key and accepts only the services that call
 * it; development keys follow from the seed; the settings pick the mode and the addresses.
 */

describe('who may call whom', () => {
  it('CALLERS is exactly the clients apilife.config.yaml generates for each service', () => {
    const config = parse(readFileSync(new URL('../../../apilife.config.yaml', import.meta.url), 'utf8')) as {
      generate: { contract: string; targets: string[]; out: string }[];
    };
    const calls = new Map<ServiceName, Set<string>>(SERVICES.map((s) => [s, new Set()]));
    for (const entry of config.generate.filter((e) => e.targets.includes('client'))) {
      const callee = /^contracts\/([^/]+)\//.exec(entry.contract)![1] as ServiceName;
      const caller = /^services\/([^/]+)\//.exec(entry.out)![1]!;
      calls.get(callee)!.add(caller);
    }
    for (const service of SERVICES) expect([...CALLERS[service]].sort(), service).toEqual([...calls.get(service)!].sort());
  });

  it("a service accepts the tokens of its callers only, each checked with the caller's own key", async () => {
    const config = systemConfig({});
    for (const to of SERVICES.filter((s) => CALLERS[s].length > 0)) {
      const verify = createJwtVerifier(serviceSecurity(config, to).jwt!);
      for (const from of SERVICES) {
        const verdict = await verify(await serviceToken(config, { from, to }));
        expect(verdict.ok, `${from} → ${to}`).toBe(CALLERS[to].includes(from));
      }
    }
  });

  it('a token claiming another issuer than its key is refused (the scheduler cannot speak as the gateway)', async () => {
    const config = systemConfig({});
    const forged = await serviceToken(
      {
        ...config,
        identity: {
          ...config.identity,
          privateKeys: { gateway: { ...config.identity.privateKeys['delivery-scheduler']!, kid: 'gateway.dev' } },
        },
      },
      { from: 'gateway', to: 'delivery', account: DEV_ACCOUNT_ID },
    );
    expect(await createJwtVerifier(serviceSecurity(config, 'delivery').jwt!)(forged)).toEqual({ ok: false, reason: 'signature' });
  });

  it('only the gateway acts for a shipper account', () => {
    const claims = (iss: string) => ({ iss, aud: 'delivery', exp: 1, sub: DEV_ACCOUNT_ID, act: { sub: iss } });
    expect(accountOf({ claims: claims('gateway') })).toBe(DEV_ACCOUNT_ID);
    expect(accountOf({ claims: claims('delivery-scheduler') })).toBeUndefined();
    expect(accountOf({ claims: { ...claims('gateway'), act: { sub: 'delivery-scheduler' } } })).toBeUndefined();
  });
});

describe('settings', () => {
  it('derives the same development keys from the same seed, others from another, a random seed when none is given', () => {
    const a = systemConfig({ APILIFE_DEV_SEED: 'one-seed-of-sixteen' });
    const b = systemConfig({ APILIFE_DEV_SEED: 'one-seed-of-sixteen' });
    const c = systemConfig({ APILIFE_DEV_SEED: 'another-seed-of-16' });
    expect(a.identity.jwks).toEqual(b.identity.jwks);
    expect(a.identity.jwks.keys[0]!.x).not.toBe(c.identity.jwks.keys[0]!.x);
    expect(systemConfig({}).devSeed).not.toBe(systemConfig({}).devSeed);
    expect(new Set(a.identity.jwks.keys.map((k) => k.x)).size).toBe(SERVICES.length);
  });

  it('picks the mode from APILIFE_MODE, else NODE_ENV', () => {
    expect([
      readMode({}),
      readMode({ NODE_ENV: 'production' }),
      readMode({ APILIFE_MODE: 'development', NODE_ENV: 'production' }),
      readMode({ APILIFE_MODE: 'production' }),
    ]).toEqual(['development', 'production', 'development', 'production']);
  });

  it('puts the internal services on INTERNAL_HOST (loopback by default), whatever HOST says', () => {
    const config = systemConfig({ HOST: '0.0.0.0' });
    expect(config.urls.gateway).toBe('http://0.0.0.0:8080');
    for (const service of SERVICES.filter((s) => s !== 'gateway')) expect(new URL(config.urls[service]).hostname).toBe('127.0.0.1');
    expect(new URL(systemConfig({ INTERNAL_HOST: '10.0.0.5' }).urls.accounts).hostname).toBe('10.0.0.5');
  });

  it('calls a service at its <SERVICE>_URL when one is given (a load balancer, a proxy), else where it listens', () => {
    const config = systemConfig({ DELIVERY_HISTORY_URL: 'http://history.internal:9000/', PACKAGE_PORT: '9100' });
    expect(config.urls['delivery-history']).toBe('http://history.internal:9000');
    expect(config.urls.package).toBe('http://127.0.0.1:9100');
    expect(config.urlOverrides).toEqual({ 'delivery-history': 'http://history.internal:9000' });
    // The real ports a started system learns do not replace an address it was given.
    expect(resolveUrls(config, { ...config.ports, 'delivery-history': 40000 })['delivery-history']).toBe('http://history.internal:9000');
    expect(() => systemConfig({ DELIVERY_URL: 'history.internal:9000' })).toThrow(/DELIVERY_URL must be an http\(s\) base URL/);
    expect(() => systemConfig({ DELIVERY_URL: 'ftp://history.internal' })).toThrow(ConfigError);
    // Nobody inside calls the gateway: GATEWAY_URL means nothing.
    expect(systemConfig({ GATEWAY_URL: 'http://elsewhere.internal' }).urls.gateway).toBe('http://127.0.0.1:8080');
  });
});
