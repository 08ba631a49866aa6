import type { BrokerApp, BrokerDeps } from '../app.ts';
import { baseUrl, hal } from '../hal.ts';
import { canIDeploy } from '../matrix/can-i-deploy.ts';
import { parseMatrixQuery } from '../matrix/parse-query.ts';

/**
 * The matrix and can-i-deploy / can-i-merge: `GET /matrix?q[][pacticipant]=…&q[][version]=…&latestby=cvpv&environment=…`
 * with literal, repeated bracket keys, as the official CLI sends them.
 */
export function matrixRoutes(app: BrokerApp, deps: BrokerDeps): void {
  app.get('/matrix', async (c) => {
    const { selectors, options } = parseMatrixQuery(new URL(c.req.url).search);
    return hal(await canIDeploy(deps.db, baseUrl(c), selectors, options));
  });
}
