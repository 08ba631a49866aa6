/**
 * Identifiers for generated code. Every target names things through these, so a schema called
 * `delivery-request` is `DeliveryRequest` in the types, `validateDeliveryRequest` in the validators
 * and the same everywhere else.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for function ' +
    'if import in instanceof new null return super switch this throw true try typeof var void while with yield let static ' +
    'implements interface package private protected public await any boolean number string symbol unknown never object undefined ' +
    'bigint type of as async from get set declare namespace module require keyof readonly infer is asserts abstract constructor'
  ).split(' '),
);

/** Splits `deliveryRequest`, `delivery-request`, `DELIVERY_REQUEST`, `v1.Delivery` into words. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * `delivery-request` → `DeliveryRequest`; a leading digit gets a `_` prefix; empty → `Unnamed`.
 * @example pascalCase('get_delivery-status.v1') // 'GetDeliveryStatusV1'
 */
export function pascalCase(text: string): string {
  const result = words(text)
    .map((w) => w[0]!.toUpperCase() + (w === w.toUpperCase() && w.length > 1 ? w.slice(1).toLowerCase() : w.slice(1)))
    .join('');
  if (result === '') return 'Unnamed';
  return /^[0-9]/.test(result) ? `_${result}` : result;
}

/**
 * `GetDeliveryStatus` → `getDeliveryStatus`; reserved words get a `_` suffix.
 * @example camelCase('Schedule-Delivery') // 'scheduleDelivery'
 */
export function camelCase(text: string): string {
  const pascal = pascalCase(text);
  const result = pascal.startsWith('_') ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1);
  return RESERVED.has(result) ? `${result}_` : result;
}

/** Whether `name` can be written as a bare property key (otherwise it must be quoted). */
export function isIdentifierName(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/**
 * Hands out unique names: the second `Foo` becomes `Foo2`, and so on. Reserved words and
 * names already taken (e.g. by fixed exports of a generated file) are never handed out.
 */
export class NameRegistry {
  readonly #taken = new Set<string>();

  constructor(taken: Iterable<string> = []) {
    for (const name of taken) this.#taken.add(name);
  }

  /** Reserves and returns `base`, or `base2`, `base3`, … when taken. */
  claim(base: string): string {
    let name = RESERVED.has(base) ? `${base}_` : base;
    for (let n = 2; this.#taken.has(name); n++) name = `${base}${n}`;
    this.#taken.add(name);
    return name;
  }

  has(name: string): boolean {
    return this.#taken.has(name);
  }
}
