import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveRefTarget } from './ref-policy.ts';

const root = mkdtempSync(join(tmpdir(), 'apilife-policy-'));
mkdirSync(join(root, 'contracts/a'), { recursive: true });
mkdirSync(join(root, 'outside'), { recursive: true });
writeFileSync(join(root, 'outside/x.yaml'), 'x: 1');
symlinkSync(join(root, 'outside'), join(root, 'contracts/link'));
const from = join(root, 'contracts/a/openapi.yaml');
const policy = { root: join(root, 'contracts'), allow: [] };

describe('resolveRefTarget', () => {
  it.each([
    ['a local fragment', '#/components/schemas/A', 'local'],
    ['a sibling file', './b.yaml#/B', 'file'],
    ['a file in another service folder', '../_shared/problem.yaml#/P', 'file'],
    ['a file above the root', '../../outside/x.yaml', 'denied'],
    ['an absolute path outside', '/etc/passwd', 'denied'],
    ['a symlink that leaves the root', '../link/x.yaml', 'denied'],
    ['an http URL', 'http://127.0.0.1:1/x.yaml', 'denied'],
    ['an https URL', 'https://schemas.example.com/x.yaml#/A', 'denied'],
    ['a file: URL outside', 'file:///etc/passwd', 'denied'],
    ['an unknown scheme', 'ftp://host/x', 'denied'],
  ])('%s', (_name, ref, kind) => {
    expect(resolveRefTarget(ref, from, policy).kind).toBe(kind);
  });

  it('names the reason', () => {
    expect(resolveRefTarget('https://x.test/a.yaml', from, policy)).toMatchObject({ code: 'ref-remote-denied' });
    expect(resolveRefTarget('../../outside/x.yaml', from, policy)).toMatchObject({ code: 'ref-outside-root' });
  });

  it('follows allow-listed folders and URL prefixes', () => {
    const allowed = { root: policy.root, allow: [join(root, 'outside'), 'https://schemas.acme.test/v1/'] };
    expect(resolveRefTarget('../../outside/x.yaml', from, allowed).kind).toBe('file');
    expect(resolveRefTarget('https://schemas.acme.test/v1/a.yaml', from, allowed).kind).toBe('url');
    expect(resolveRefTarget('https://schemas.acme.test/v2/a.yaml', from, allowed).kind).toBe('denied');
  });
});
