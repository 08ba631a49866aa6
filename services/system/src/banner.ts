import {
  CALLERS,
  DEV_ACCOUNT_ID,
  PUBLIC_SERVICE,
  serviceUrls,
  shipperToken,
  type ServiceName,
  type SystemConfig,
} from '@drone-delivery/platform';

/**
 * What `pnpm start` prints once the services listen: where each listens and who may reach it,
 * and the credentials the system accepts. Development mode prints every credential it accepts
 * (they are the developer's to use); production mode prints where they come from, never a secret.
 */

/** The facts `pnpm start --format json` prints. */
export interface StartedSummary {
  mode: SystemConfig['mode'];
  transport: string;
  services: Partial<Record<ServiceName, string>>;
  /** Services that listen on the internal address and accept service tokens only. */
  internal: ServiceName[];
  /** Development mode only. */
  apiKey?: string;
  shipperToken?: string;
  devSeed?: string;
  /** The API portal's URL, when `pnpm start` serves it. */
  docs?: string;
}

/** Who may reach `service`, in words. */
export function audienceOf(service: ServiceName): string {
  if (service === PUBLIC_SERVICE) return "public: API keys and shippers' tokens";
  return `internal: service tokens of ${CALLERS[service].join(', ')} only`;
}

/** The summary, with a shipper token for the development account in development mode. */
export async function summarize(config: SystemConfig, running: readonly ServiceName[], transport: string): Promise<StartedSummary> {
  // Where each listens (a `<SERVICE>_URL` says where the others call it, which may be elsewhere).
  const listening = serviceUrls(config, config.ports);
  const services = Object.fromEntries(running.map((s) => [s, listening[s]]));
  const internal = running.filter((s) => s !== PUBLIC_SERVICE);
  if (config.mode !== 'development') return { mode: config.mode, transport, services, internal };
  return {
    mode: config.mode,
    transport,
    services,
    internal,
    apiKey: config.apiKeys[0]!.key,
    shipperToken: await shipperToken(config, DEV_ACCOUNT_ID),
    devSeed: config.devSeed!,
  };
}

/** The text `pnpm start` prints. */
export function banner(config: SystemConfig, summary: StartedSummary): string {
  const lines = [
    `drone delivery: ${Object.keys(summary.services).length} service(s) on the ${summary.transport} bus, ${summary.mode} mode`,
  ];
  for (const [service, url] of Object.entries(summary.services) as [ServiceName, string][])
    lines.push(`  ${service.padEnd(18)} ${url.padEnd(24)} ${audienceOf(service)}`);
  if (summary.internal.length > 0)
    lines.push(`  internal services listen on ${config.internalHost} (INTERNAL_HOST), the gateway on ${config.host} (HOST)`);
  if (summary.docs)
    lines.push(`  ${'API portal'.padEnd(18)} ${summary.docs.padEnd(24)} the contracts' docs (apilife docs serve), loopback only`);
  lines.push('');
  if (summary.mode === 'development') {
    lines.push('credentials accepted (development mode; production mode takes only those it is given):');
    for (const { key, accountId } of config.apiKeys)
      lines.push(
        `  X-API-Key: ${key}   (account ${accountId}${accountId === DEV_ACCOUNT_ID ? ', APILIFE_API_KEY sets it' : ', from APILIFE_API_KEYS'})`,
      );
    const verify = config.shipperTokens!.verify;
    lines.push(
      `  shippers' tokens from ${config.shipperTokens!.source}: iss ${verify.issuer}, aud ${verify.audience}${verify.typ ? `, typ ${verify.typ}` : ''}`,
    );
    if (summary.shipperToken) lines.push(`    for account ${DEV_ACCOUNT_ID}, valid 1 h: Authorization: Bearer ${summary.shipperToken}`);
    lines.push(`    another: APILIFE_DEV_SEED=${summary.devSeed} pnpm dev-token --account <accountId>`);
    lines.push(`  service tokens: each service signs with its own key, derived from APILIFE_DEV_SEED=${summary.devSeed}`);
    lines.push('    (give other processes of this system the same APILIFE_DEV_SEED)');
  } else {
    const keys = config.apiKeys.length;
    lines.push('credentials accepted (production mode; none printed):');
    lines.push(
      `  ${keys} API key${keys === 1 ? '' : 's'} (APILIFE_API_KEYS${config.apiKeys.some((k) => k.accountId === DEV_ACCOUNT_ID) ? ', APILIFE_API_KEY' : ''})`,
    );
    lines.push(
      `  shippers' tokens: ${config.shipperTokens ? `${config.shipperTokens.source}, iss ${config.shipperTokens.verify.issuer}, aud ${config.shipperTokens.verify.audience}` : 'none (no APILIFE_JWT_* setting)'}`,
    );
    lines.push(`  service tokens: ${config.identity.jwks.keys.length} public keys in APILIFE_SERVICE_JWKS`);
  }
  if (summary.services.gateway) {
    lines.push('', 'try:', `  curl -s '${summary.services.gateway}/openapi.json' | head -c 300`);
    if (summary.apiKey) lines.push(`  pnpm demo --url ${summary.services.gateway}`);
  }
  lines.push('', 'Ctrl-C stops it.');
  return `${lines.join('\n')}\n`;
}
