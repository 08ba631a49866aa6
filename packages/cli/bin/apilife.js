#!/usr/bin/env node
// The apilife command. The workspace runs its TypeScript sources directly (tsx), so no build is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/bin.ts');
