import type { HalClient } from '@apilife/broker/client';
import { messageOperationsOf, ProviderContracts, readPactText, routeOf, type PactFile } from '@apilife/pact/check';
import { BROKER_CONCURRENCY, liveVersions, mapLimit, pactOf, type Placement } from './broker-consumers.ts';

/**
 * An operation a change takes from its clients: removed, retired (it answers 410), or deprecated
 * with a sunset sooner than the policy allows (or none). `subject` is the operation as `apilife diff`
 * names it (`GET /orders/{id}`, or an AsyncAPI operation's name); `*` is every operation of the API
 * (the API removed, or deprecated too soon).
 */
export interface Retirement {
  /** The contract, relative to the contracts root. */
  api: string;
  /** Its service: the pacticipant consumers have pacts with. */
  service: string;
  kind: 'openapi' | 'asyncapi';
  subject: string;
  /** The `apilife diff` check behind it. */
  change: string;
  /** What happens to it, for messages: `was removed`, `was retired`, `gets a sunset sooner than the policy allows`. */
  what: string;
  file?: string;
  pointer?: string;
}

/** A consumer version, deployed or released, whose pact uses a retired operation: where it is and which interactions. */
export interface ConsumerUse {
  consumer: string;
  version: string;
  environments: Placement[];
  /** The descriptions of the pact's interactions on the operation. */
  interactions: string[];
}

/** A retirement and the live consumer versions that still use it (none when the way is clear). */
export interface RetirementCheck {
  retirement: Retirement;
  uses: ConsumerUse[];
}

/**
 * Can-i-retire: for each retirement, the consumer versions currently deployed or released in any
 * environment whose pact with the service still has an interaction on the operation. Pacts are
 * fetched from the broker (`GET /pacts/provider/{service}/consumer/{c}/version/{v}`, 404 = none),
 * at most `BROKER_CONCURRENCY` at a time; interactions are mapped to operations against the
 * contracts as they were (`root`: the base's contracts root), as `apilife pact check` maps them.
 * Throws a `BrokerRequestError` when the broker cannot be asked. Loaded only when a change retires
 * something and a broker is configured (`apilife check` imports it then): it brings the pact checker.
 */
export async function canIRetire(
  client: HalClient,
  retirements: readonly Retirement[],
  root: string,
  allowRefs: readonly string[],
): Promise<RetirementCheck[]> {
  const checks = retirements.map((retirement) => ({ retirement, uses: [] as ConsumerUse[] }));
  if (retirements.length === 0) return checks;
  const live = await liveVersions(client);
  for (const service of new Set(retirements.map((r) => r.service))) {
    const consumers = live.filter((v) => v.pacticipant !== service);
    const pacts = await mapLimit(consumers, BROKER_CONCURRENCY, (v) => pactOf(client, service, v.pacticipant, v.version));
    if (pacts.every((p) => p === undefined)) continue;
    const provider = await ProviderContracts.load(root, service, { allowRefs: [...allowRefs] });
    const own = checks.filter((c) => c.retirement.service === service);
    for (const [index, text] of pacts.entries()) {
      if (text === undefined) continue;
      const version = consumers[index]!;
      const { pact } = readPactText(text, `${version.pacticipant} ${version.version} (broker)`);
      if (!pact) continue;
      const used = interactionsOn(provider, pact);
      for (const check of own) {
        const interactions = used
          .filter(
            (u) => u.kind === check.retirement.kind && (check.retirement.subject === '*' || u.subjects.includes(check.retirement.subject)),
          )
          .map((u) => u.description);
        if (interactions.length > 0)
          check.uses.push({ consumer: version.pacticipant, version: version.version, environments: version.environments, interactions });
      }
    }
  }
  return checks;
}

/** An interaction of a pact and the operations it is on, named as `apilife diff` names them. */
export interface InteractionUse {
  description: string;
  kind: 'openapi' | 'asyncapi';
  subjects: string[];
}

/**
 * The operations each interaction of a pact is on: an HTTP interaction by method and path (the
 * provider's router, server base paths included), a message by its AsyncAPI reference, else by
 * the channel or message type its metadata names. Interactions on no operation are left out.
 */
export function interactionsOn(provider: ProviderContracts, pact: PactFile): InteractionUse[] {
  const uses: InteractionUse[] = [];
  for (const interaction of pact.interactions) {
    if (interaction.kind === 'http') {
      const op = routeOf(provider, interaction);
      if (op) uses.push({ description: interaction.description, kind: 'openapi', subjects: [`${op.method.toUpperCase()} ${op.path}`] });
    } else if (interaction.kind === 'message') {
      const ops = messageOperationsOf(provider, interaction);
      // The name is how `apilife diff` names it; the operationId how the contract's readers do.
      if (ops.length > 0)
        uses.push({
          description: interaction.description,
          kind: 'asyncapi',
          subjects: [...new Set(ops.flatMap((o) => [o.name, o.operationId]))],
        });
    }
  }
  return uses;
}
