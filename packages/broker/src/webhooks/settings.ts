/**
 * How the broker calls webhooks. Only origins on the allow-list are ever requested (like the Pact
 * Broker's `webhook_scheme_whitelist` + `webhook_host_whitelist`, but one list of exact origins);
 * the default list is empty, so no webhook can be created until an operator allows a target.
 */
export interface WebhookOptions {
  /** Origins webhooks may call: `https://ci.example.com`, `http://127.0.0.1:8080` (scheme, host and port, nothing else). */
  allow?: readonly string[];
  /** Per request (default 10 s). */
  timeoutMs?: number;
  /** Attempts per execution, the first included (default 4). */
  maxAttempts?: number;
  /** The wait before the first retry; it doubles each time (default 5 s). */
  retryDelayMs?: number;
  /** How often a broker looks for due deliveries, its own retries and those another process left (default 1 s). */
  pollIntervalMs?: number;
}

/** The options with every default filled in and the allow-list as normalised origins. */
export interface WebhookSettings {
  allow: ReadonlySet<string>;
  timeoutMs: number;
  maxAttempts: number;
  retryDelayMs: number;
  pollIntervalMs: number;
}

/**
 * Checks and normalises the options: an allow-list entry must be a bare http(s) origin (no path,
 * query, credentials or wildcard), so `https://ci.example.com/` and `HTTPS://CI.example.com:443`
 * both become `https://ci.example.com`. Throws a `TypeError` naming a bad entry.
 */
export function webhookSettings(options: WebhookOptions = {}): WebhookSettings {
  const allow = new Set<string>();
  for (const entry of options.allow ?? []) {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new TypeError(`webhook allow-list entry "${entry}" is not an origin such as https://ci.example.com`);
    }
    const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
    if (!(url.protocol === 'http:' || url.protocol === 'https:') || !bare || url.hostname.includes('*'))
      throw new TypeError(
        `webhook allow-list entry "${entry}" must be an http(s) origin (scheme, host and port only), such as https://ci.example.com`,
      );
    allow.add(url.origin);
  }
  return {
    allow,
    timeoutMs: options.timeoutMs ?? 10_000,
    maxAttempts: Math.max(1, options.maxAttempts ?? 4),
    retryDelayMs: options.retryDelayMs ?? 5_000,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
  };
}

/** Whether a (rendered) URL's origin is on the allow-list. */
export function isAllowedTarget(url: string, settings: WebhookSettings): boolean {
  try {
    return settings.allow.has(new URL(url).origin);
  } catch {
    return false;
  }
}
