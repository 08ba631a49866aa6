import type { BrokerApp, BrokerDeps } from '../app.ts';
import { baseUrl, hal, seg } from '../hal.ts';
import { BrokerError } from '../problem.ts';
import { pactsForVerification } from '../selection/pacts-for-verification.ts';

/**
 * Pacts for verification: `GET` answers the resource's link (pact_verifier POSTs to it), `POST`
 * takes the consumer version selectors, pending and WIP settings and answers the pacts to verify.
 */
export function forVerificationRoutes(app: BrokerApp, deps: BrokerDeps): void {
  const path = '/pacts/provider/:provider/for-verification';
  const self = (base: string, provider: string) => ({
    href: `${base}/pacts/provider/${seg(provider)}/for-verification`,
    title: `Pacts to be verified by ${provider}`,
  });
  app.get(path, (c) => {
    const provider = c.req.param('provider');
    return hal({ _links: { self: self(baseUrl(c), provider) } });
  });
  app.post(path, async (c) => {
    const provider = c.req.param('provider');
    const text = await c.req.text();
    let body: unknown = {};
    if (text.trim() !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        throw new BrokerError(400, 'the body is not valid JSON', { body: ['is not valid JSON'] });
      }
    }
    const base = baseUrl(c);
    const pacts = await pactsForVerification(deps.db, base, provider, body);
    return hal({ _embedded: { pacts }, _links: { self: self(base, provider) } });
  });
}
