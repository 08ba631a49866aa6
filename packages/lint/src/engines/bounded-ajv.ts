import { createRequire } from 'node:module';
import { boundedRegExp } from '@apilife/contract/regex';

/**
 * Makes every ajv the engines use compile contract patterns with {@link boundedRegExp}, ajv's
 * documented `code.regExp` option, so that no example can make a pattern backtrack for hours
 * (`^(a+)+$` against `aaaa…a!`). Spectral's schema functions and Redocly's example rules create
 * their ajv instances themselves, without a way to pass options: the option is set on each
 * instance just before it first compiles (`_compileSchemaEnv`, the one place every compile goes
 * through). Idempotent; the lint tests that hang without it (`bounded-patterns.test.ts`) catch
 * an ajv whose internals move.
 */
export function boundAjvPatterns(): void {
  for (const core of ajvCores()) {
    const proto = core.prototype as AjvPrototype;
    if (proto[BOUNDED]) continue;
    const compile = proto._compileSchemaEnv;
    if (typeof compile !== 'function')
      throw new Error('this ajv has no _compileSchemaEnv: contract patterns cannot be bounded (update bounded-ajv.ts)');
    proto._compileSchemaEnv = function (this: { opts: { code: { regExp: unknown } } }, ...args: unknown[]) {
      this.opts.code.regExp = boundedRegExp;
      return compile.apply(this, args);
    };
    proto[BOUNDED] = true;
  }
}

const BOUNDED = Symbol.for('apilife.boundedRegExp');
type AjvPrototype = { _compileSchemaEnv: (...args: unknown[]) => unknown; [BOUNDED]?: boolean };

/** The ajv cores of each engine's own dependency tree (they are different copies). */
function ajvCores(): { prototype: object }[] {
  const here = createRequire(import.meta.url);
  const spectral = createRequire(here.resolve('@stoplight/spectral-functions'));
  const draft4 = createRequire(spectral.resolve('ajv-draft-04'));
  const redocly = createRequire(here.resolve('@redocly/openapi-core'));
  const cores = [
    here.resolve('ajv/dist/core'),
    spectral.resolve('ajv/dist/core'),
    draft4.resolve('ajv/dist/core'),
    redocly.resolve('@redocly/ajv/dist/core'),
  ];
  return [...new Set(cores)].map((path) => {
    const module = here(path) as { default?: { prototype: object } } & { prototype: object };
    return module.default ?? module;
  });
}
