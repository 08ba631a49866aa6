#!/usr/bin/env -S node --max-semi-space-size=32
// The apilife command. The workspace runs its TypeScript sources directly (tsx), so no build is
// needed. A larger young generation makes linting large documents ~10% faster (docs/adr/0002).
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
