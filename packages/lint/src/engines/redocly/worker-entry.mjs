// Entry of the Redocly worker thread: the workspace runs TypeScript sources, so register tsx here
// (programmatic hooks of the parent thread don't reach workers).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
