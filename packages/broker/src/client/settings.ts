import type { ProjectConfig } from '@apilife/contract';
import type { BrokerConnection } from './hal.ts';

/** Broker settings given on a command line (they win over the environment and the config). */
export interface BrokerFlags {
  'broker-url'?: string;
  'broker-token'?: string;
  'broker-username'?: string;
  'broker-password'?: string;
}

/**
 * Where the broker is, from (first found) the flags, `APILIFE_BROKER_URL`, `PACT_BROKER_BASE_URL`
 * (the official CLI's variable) and `broker.url` in the config; the token from the flag, the
 * variable `broker.tokenEnv` names, `APILIFE_BROKER_TOKEN`, then `PACT_BROKER_TOKEN`. Undefined
 * when no URL is set anywhere.
 */
export function brokerConnection(
  flags: BrokerFlags,
  config: Pick<ProjectConfig, 'broker'> | undefined,
  env: NodeJS.ProcessEnv = process.env,
): BrokerConnection | undefined {
  const url = flags['broker-url'] ?? env.APILIFE_BROKER_URL ?? env.PACT_BROKER_BASE_URL ?? config?.broker?.url;
  if (!url) return undefined;
  const tokenEnv = config?.broker?.tokenEnv;
  const token = flags['broker-token'] ?? (tokenEnv ? env[tokenEnv] : undefined) ?? env.APILIFE_BROKER_TOKEN ?? env.PACT_BROKER_TOKEN;
  const username = flags['broker-username'] ?? env.PACT_BROKER_USERNAME;
  const password = flags['broker-password'] ?? env.PACT_BROKER_PASSWORD;
  return {
    url,
    ...(token ? { token } : {}),
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
  };
}
