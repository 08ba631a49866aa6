import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { signJwt } from '@apilife/runtime-client';
import {
  ConfigError,
  DEV_ACCOUNT_ID,
  generateServiceKey,
  OTHER_ACCOUNT_ID,
  publicJwk,
  SERVICES,
  systemConfig,
  type SystemConfig,
} from '@drone-delivery/platform';
import { describe, expect, it } from 'vitest';
import { startSystem } from '../src/system.ts';
import { freePorts, http, scheduleAndWait } from './helpers.ts';

/**
 * Production mode (`APILIFE_MODE=production`, or `NODE_ENV=production`): the system starts only
 * with the keys and secrets it is given, and refuses every development secret the source code
 * holds; given them, it works end to end and opens to nothing else.
 */

/** Production settings as an operator gives them: `pnpm keys`' output, API keys, an identity provider's key set. */
function productionEnv() {
  const keys = Object.fromEntries(SERVICES.map((s) => [s, generateServiceKey(`${s}.2026-12`)]));
  const idp = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const env: Record<string, string> = {
    APILIFE_MODE: 'production',
    APILIFE_SERVICE_JWKS: JSON.stringify({ keys: SERVICES.map((s) => publicJwk(keys[s]!)) }),
    APILIFE_API_KEYS: `${DEV_ACCOUNT_ID}:prod-key-${randomUUID()},${OTHER_ACCOUNT_ID}:prod-key-${randomUUID()}`,
    APILIFE_JWT_JWKS: JSON.stringify({ keys: [{ ...idp.publicKey.export({ format: 'jwk' }), kid: 'idp-1' }] }),
    APILIFE_JWT_ISSUER: 'https://login.fabrikam.example',
    APILIFE_JWT_AUDIENCE: 'drone-delivery-api',
  };
  for (const s of SERVICES) env[`APILIFE_SERVICE_KEY_${s.toUpperCase().replace(/-/g, '_')}`] = JSON.stringify(keys[s]);
  return { env, idpKey: { ...idp.privateKey.export({ format: 'jwk' }), kid: 'idp-1' } };
}

const startWith = (config: SystemConfig) => startSystem({ config: { ...config, ports: freePorts(config), timeScale: 3000 } });

describe('production mode', () => {
  it('refuses to start without its keys and credentials, naming every missing setting', async () => {
    for (const env of [{ APILIFE_MODE: 'production' }, { NODE_ENV: 'production' }]) {
      const started = (async () => startWith(systemConfig(env)))();
      await expect(started).rejects.toThrow(ConfigError);
      const message = await started.then(
        () => '',
        (error: Error) => error.message,
      );
      expect(message).toMatch(/APILIFE_SERVICE_KEY_GATEWAY is not set/);
      expect(message).toMatch(/APILIFE_SERVICE_KEY_DELIVERY_SCHEDULER is not set/);
      expect(message).toMatch(/APILIFE_SERVICE_JWKS holds no public key of gateway/);
      expect(message).toMatch(/the gateway would accept no credential/);
    }
  });

  it('refuses every development secret the source code holds, and the development settings', () => {
    const { env } = productionEnv();
    const refused = (extra: Record<string, string>) => {
      try {
        systemConfig({ ...env, ...extra });
        return '';
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    };
    expect(refused({ APILIFE_API_KEY: 'dev-key-3f9a1c7e5b2d4068' })).toMatch(/development key from the source code/);
    expect(refused({ APILIFE_API_KEYS: `${OTHER_ACCOUNT_ID}:other-key-8d2e6f0a4c1b3957` })).toMatch(/characters|development key/);
    expect(refused({ APILIFE_SERVICE_SECRET: 'development-only-service-secret' })).toMatch(/APILIFE_SERVICE_SECRET is no longer read/);
    expect(refused({ APILIFE_JWT_JWKS: '', APILIFE_JWT_SECRET: 'development-only-user-secret' })).toMatch(
      /APILIFE_JWT_SECRET is the development secret/,
    );
    expect(refused({ APILIFE_DEV_SEED: 'a-seed-of-sixteen-chars' })).toMatch(/APILIFE_DEV_SEED is a development setting/);
    expect(refused({ APILIFE_MODE: 'prod' })).toMatch(/APILIFE_MODE must be development or production/);
  });

  it('refuses a private key whose public half is not in the key set, and a weak shipper secret', async () => {
    const { env } = productionEnv();
    expect(() => systemConfig({ ...env, APILIFE_SERVICE_KEY_GATEWAY: JSON.stringify(generateServiceKey('gateway.2026-12')) })).toThrow(
      /APILIFE_SERVICE_KEY_GATEWAY: APILIFE_SERVICE_JWKS holds no public key gateway.2026-12 matching it/,
    );
    const weak = systemConfig({ ...env, APILIFE_JWT_JWKS: undefined, APILIFE_JWT_SECRET: 'sixteen-byte-key' } as Record<
      string,
      string | undefined
    >);
    await expect(startWith(weak)).rejects.toThrow(/APILIFE_JWT_SECRET: jwt.secret: the secret is 16 bytes; HS256 needs at least 32 bytes/);
  });

  it("starts with the keys it is given: API keys and the identity provider's tokens work, development credentials do not", async () => {
    const { env, idpKey } = productionEnv();
    const system = await startWith(systemConfig(env));
    try {
      const key = system.config.apiKeys[0]!.key;
      const operation = await scheduleAndWait(system.urls.gateway, key, DEV_ACCOUNT_ID);
      expect(operation.state).toBe('succeeded');
      const token = await signJwt(
        { iss: 'https://login.fabrikam.example', aud: 'drone-delivery-api', sub: DEV_ACCOUNT_ID, exp: Math.floor(Date.now() / 1000) + 300 },
        { privateJwk: idpKey },
      );
      expect((await http(system.urls.gateway, 'GET', `/delivery-requests/${operation.deliveryRequestId}`, { bearer: token })).status).toBe(
        200,
      );
      expect(
        (await http(system.urls.gateway, 'GET', `/delivery-requests/${operation.deliveryRequestId}`, { key: 'dev-key-3f9a1c7e5b2d4068' }))
          .status,
      ).toBe(401);
      expect(system.config.shipperTokens?.devSigningKey).toBeUndefined();
    } finally {
      await system.stop();
    }
  });
});
