// Entry of the Redocly worker thread when lint runs from its TypeScript sources (tests, tsx):
// register tsx here (programmatic hooks of the parent thread don't reach workers). The built
// package starts dist/engines/redocly/worker.js instead and needs no tsx (see parallel.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
