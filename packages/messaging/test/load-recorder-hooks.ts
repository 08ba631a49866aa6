/** The hooks `load-recorder.ts` registers (they run on Node's loader thread). */
import { appendFileSync } from 'node:fs';
import type { ResolveHook } from 'node:module';

/** The broker clients: the packages the core of `@apilife/messaging` must not import. */
export const BROKER_CLIENTS = /^(@nats-io\/[^/]+|amqplib|ioredis|mqtt|pg)(\/|$)/;

let settings: { file?: string; missing: string[] } = { missing: [] };

export function initialize(data: typeof settings): void {
  settings = data;
}

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  const client = BROKER_CLIENTS.exec(specifier)?.[1];
  if (client !== undefined) {
    if (settings.file) appendFileSync(settings.file, `${client}\n`);
    if (settings.missing.includes(client)) {
      throw Object.assign(new Error(`Cannot find package '${client}' imported from ${context.parentURL}`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
  }
  return nextResolve(specifier, context);
};
