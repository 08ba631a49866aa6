import { fileURLToPath } from 'node:url';
import { loadIR, type LoadedIR } from '@apilife/contract';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAsyncApiReference, renderOpenApiReference, type Reference, type ReferenceContext } from '../src/index.ts';

const FIXTURES = fileURLToPath(new URL('./__fixtures__/hostile', import.meta.url));

const ctx: ReferenceContext = {
  today: '2026-01-01',
  pageHref: 'apis/hostile/openapi.html',
  consumers: () => [
    {
      consumer: 'evil"><img src=x onerror=alert(1)>',
      source: '<script>alert(1)</script>',
      interactions: ['</script><script>alert(1)</script>'],
    },
  ],
  source: () => undefined,
};

function render(loaded: LoadedIR): Reference {
  return loaded.kind === 'openapi' ? renderOpenApiReference(loaded.api, ctx) : renderAsyncApiReference(loaded.messaging, ctx);
}

/** Every `href` value in the markup, decoded as a browser would read the attribute. */
function hrefs(markup: string): string[] {
  return [...markup.matchAll(/href="([^"]*)"/g)].map((m) =>
    m[1]!
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&'),
  );
}

describe.each(['openapi.yaml', 'asyncapi.yaml'])('a hostile contract (%s)', (file) => {
  let markup: string;
  let reference: Reference;
  beforeAll(async () => {
    reference = render(await loadIR(`${FIXTURES}/${file}`, { root: FIXTURES }));
    markup = reference.body.value;
  });

  it('was rendered with its planted strings (escaped)', () => {
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(markup).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(markup).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('has no script, no img, no event handler in any tag', () => {
    expect(markup).not.toMatch(/<script/i);
    expect(markup).not.toMatch(/<\/script/i);
    expect(markup).not.toMatch(/<img/i);
    // Attribute names of every tag (quoted values dropped): no event handler among them.
    const names = [...markup.matchAll(/<[a-z][^>]*>/gi)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
    expect(names.length).toBeGreaterThan(10);
    for (const tag of names) expect(tag).not.toMatch(/\son[a-z]+=/i);
    expect(markup).not.toContain('"><img');
  });

  it('has no href outside http(s), mailto, relative and #fragment', () => {
    const all = hrefs(markup);
    expect(all.length).toBeGreaterThan(0);
    for (const href of all) {
      expect(href.replace(/[\u0000-\u0020]/g, '')).not.toMatch(/^(?:javascript|data|vbscript):/i);
      expect(href).toMatch(/^(?:#|https?:\/\/|mailto:|[^:/?#]*(?:[/?#]|$))/i);
    }
    expect(markup).not.toMatch(/href="\s*javascript/i);
  });

  it('keeps hostile text out of the navigation markup-free and the search entries as plain text', () => {
    const text = JSON.stringify([reference.nav, reference.search]);
    // Nav and search carry text, escaped where they are written (layout, search script); no markup is made here.
    expect(text).not.toContain('&lt;');
    for (const entry of reference.search) expect(entry.href.startsWith(`${ctx.pageHref}#`)).toBe(true);
  });
});
