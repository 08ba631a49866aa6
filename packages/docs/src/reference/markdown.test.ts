import { describe, expect, it } from 'vitest';
import { safeHref } from './markdown-inline.ts';
import { markdown } from './markdown.ts';

const cases: [string, { given: string; want: string }][] = [
  ['a paragraph', { given: 'Hello world.', want: '<p>Hello world.</p>' }],
  ['paragraphs split by blank lines', { given: 'One\ntwo.\n\nThree.', want: '<p>One\ntwo.</p>\n<p>Three.</p>' }],
  ['code span', { given: 'Send `If-Match`.', want: '<p>Send <code>If-Match</code>.</p>' }],
  ['code span with backticks inside', { given: '``a `b` c``', want: '<p><code>a `b` c</code></p>' }],
  [
    'strong and em',
    {
      given: '**bold** and *em* and __b__ and _e_',
      want: '<p><strong>bold</strong> and <em>em</em> and <strong>b</strong> and <em>e</em></p>',
    },
  ],
  [
    'strong around code',
    { given: '**Routing** (`x-pattern: gateway`)', want: '<p><strong>Routing</strong> (<code>x-pattern: gateway</code>)</p>' },
  ],
  ['intraword underscores stay text', { given: 'snake_case_name', want: '<p>snake_case_name</p>' }],
  ['unclosed delimiters stay text', { given: 'a * b and **c', want: '<p>a * b and **c</p>' }],
  ['backslash escape', { given: '\\*not em\\*', want: '<p>*not em*</p>' }],
  [
    'http link',
    {
      given: '[docs](https://example.com/a?b=1&c=2)',
      want: '<p><a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">docs</a></p>',
    },
  ],
  ['relative link with title', { given: '[x](../a.html "The A")', want: '<p><a href="../a.html" title="The A">x</a></p>' }],
  ['fragment link', { given: '[op](#op-getDelivery)', want: '<p><a href="#op-getDelivery">op</a></p>' }],
  ['mailto link', { given: '[mail](mailto:a@b.c)', want: '<p><a href="mailto:a@b.c">mail</a></p>' }],
  ['javascript link dropped', { given: '[x](javascript:alert(1))', want: '<p><span class="md-unsafe-link">x</span></p>' }],
  ['data link dropped', { given: '[x](data:text/html,hi)', want: '<p><span class="md-unsafe-link">x</span></p>' }],
  [
    'autolink',
    {
      given: 'See <https://example.com>.',
      want: '<p>See <a href="https://example.com" rel="noopener noreferrer">https://example.com</a>.</p>',
    },
  ],
  ['raw HTML is text', { given: '<b onclick="x">hi</b>', want: '<p>&lt;b onclick=&quot;x&quot;&gt;hi&lt;/b&gt;</p>' }],
  ['hard break', { given: 'a  \nb', want: '<p>a<br>\nb</p>' }],
  ['bullet list, tight', { given: '* one\n* two', want: '<ul>\n<li>one</li>\n<li>two</li>\n</ul>' }],
  [
    'bullet list with continuation lines',
    { given: '- **A** first\n  line two\n- B', want: '<ul>\n<li><strong>A</strong> first\nline two</li>\n<li>B</li>\n</ul>' },
  ],
  ['loose list', { given: '* one\n\n* two', want: '<ul>\n<li><p>one</p></li>\n<li><p>two</p></li>\n</ul>' }],
  ['nested list', { given: '* a\n  * b\n* c', want: '<ul>\n<li>a\n<ul>\n<li>b</li>\n</ul></li>\n<li>c</li>\n</ul>' }],
  ['ordered list', { given: '1. one\n2. two', want: '<ol>\n<li>one</li>\n<li>two</li>\n</ol>' }],
  ['ordered list starting at 3', { given: '3) three\n4) four', want: '<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>' }],
  [
    'paragraph then list',
    { given: 'Styles:\n\n* a\n* b\n\nAfter.', want: '<p>Styles:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<p>After.</p>' },
  ],
  [
    'fenced code',
    {
      given: '```json\n{"a": "<b>"}\n```',
      want: '<pre class="code"><code class="language-json">{&quot;a&quot;: &quot;&lt;b&gt;&quot;}</code></pre>',
    },
  ],
  [
    'fenced code keeps markdown as text',
    { given: '~~~\n**x** [a](javascript:b)\n~~~', want: '<pre class="code"><code>**x** [a](javascript:b)</code></pre>' },
  ],
  ['heading below the page headings', { given: '# Title\ntext', want: '<h4 class="md-heading">Title</h4>\n<p>text</p>' }],
  ['block quote', { given: '> quoted *text*', want: '<blockquote><p>quoted <em>text</em></p></blockquote>' }],
  ['empty', { given: '  \n', want: '' }],
];

describe('markdown', () => {
  it.each(cases)('%s', (_name, { given, want }) => {
    expect(markdown(given).value).toBe(want);
  });
});

const hrefs: [string, string, boolean][] = [
  ['https', 'https://example.com', true],
  ['http', 'HTTP://example.com', true],
  ['mailto', 'mailto:a@b.c', true],
  ['relative', 'a/b.html', true],
  ['parent', '../a.html#x', true],
  ['fragment', '#op-x', true],
  ['javascript', 'javascript:alert(1)', false],
  ['JavaScript mixed case', 'JaVaScRiPt:alert(1)', false],
  ['javascript with a tab', 'java\tscript:alert(1)', false],
  ['leading space', ' javascript:alert(1)', false],
  ['vbscript', 'vbscript:x', false],
  ['data', 'data:text/html;base64,xx', false],
  ['protocol-relative', '//evil.example', false],
];

describe('safeHref', () => {
  it.each(hrefs)('%s', (_name, href, allowed) => {
    expect(safeHref(href) !== undefined).toBe(allowed);
  });
});
