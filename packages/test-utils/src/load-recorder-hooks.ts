/** The hooks `load-recorder.ts` registers (they run on Node's loader thread). */
import { appendFileSync } from 'node:fs';
import type { ResolveHook } from 'node:module';

/** The package a bare specifier names: `@scope/name` or `name`, without a subpath. */
const PACKAGE = /^(@[^/]+\/[^/]+|[^./@:][^/:]*)(\/|$)/;

let settings: { file?: string; missing: string[] } = { missing: [] };

export function initialize(data: typeof settings): void {
  settings = data;
}

export const resolve: ResolveHook = (specifier, context, nextResolve) => {
  const name = specifier.startsWith('node:') ? undefined : PACKAGE.exec(specifier)?.[1];
  if (name !== undefined) {
    if (settings.file) appendFileSync(settings.file, `${name}\n`);
    if (settings.missing.includes(name)) {
      throw Object.assign(new Error(`Cannot find package '${name}' imported from ${context.parentURL}`), { code: 'ERR_MODULE_NOT_FOUND' });
    }
  }
  return nextResolve(specifier, context);
};
