/**
 * Provider states, typed by the provider's contract (`x-provider-states`): `S` maps each state's
 * name to its parameters (`Record<string, never>` for a state without any).
 */

/** One provider state: its name, or `{ name, params }` when it takes parameters. */
export type ProviderState<S> = {
  [K in keyof S & string]: S[K] extends Record<string, never> ? K | { name: K } : { name: K; params: S[K] };
}[keyof S & string];

/** The states an interaction needs, in the order the provider sets them up. */
export type Given<S> = ProviderState<S> | readonly ProviderState<S>[];

/**
 * Values a state handler may return: Pact's provider-state injected values, which the verifier
 * puts where the pact says `MatchersV3.fromProviderState('${name}', example)` (e.g. an ETag).
 */
export type ProviderStateValues = Record<string, unknown>;

/** What the provider runs for each state it declares, with the state's parameters (and what it returns for `fromProviderState`). */
export type StateHandlers<S> = {
  [K in keyof S]: (params: S[K]) => Promise<ProviderStateValues | void> | ProviderStateValues | void;
};

/** Anything with Pact's `given(name, params)` (HTTP and message interactions alike). */
interface Givable<T> {
  given(state: string, parameters?: Record<string, unknown>): T;
}

/** Applies `given` states to a Pact interaction builder. */
export function given<T extends Givable<T>>(interaction: T, states: Given<unknown> | undefined): T {
  if (states === undefined) return interaction;
  const list = (Array.isArray(states) ? states : [states]) as (string | { name: string; params?: Record<string, unknown> })[];
  let current = interaction;
  for (const state of list) {
    current =
      typeof state === 'string'
        ? current.given(state)
        : state.params === undefined
          ? current.given(state.name)
          : current.given(state.name, state.params);
  }
  return current;
}
