import { describe, expect, test } from 'vitest';
import { createSlugRegistry, renderLessonMarkdown, renderMarkdown } from './render.ts';
import { slugify } from './slug.ts';
import { lessonText, parseOk } from './test-helpers.ts';

const katexCount = (html: string): number => (html.match(/class="katex"/g) ?? []).length;

describe('math', () => {
  test('$…$ and \\(…\\) render inline KaTeX', () => {
    expect(katexCount(renderMarkdown('Scale $s = x / q$ here.'))).toBe(1);
    expect(katexCount(renderMarkdown('Scale \\(s = x / q\\) here.'))).toBe(1);
    expect(renderMarkdown('$x$')).not.toContain('katex-display');
  });

  test('$$…$$ and \\[…\\] on their own lines render display KaTeX', () => {
    for (const source of ['$$\nq = round(x / s)\n$$', '$$q = x$$', '\\[\nq = round(x / s)\n\\]', '\\[q\\]']) {
      const html = renderMarkdown(source);
      expect(html, source).toContain('class="katex-display"');
      expect(katexCount(html), source).toBe(1);
    }
  });

  test('$$…$$ inside a line of text renders in display style without breaking the paragraph', () => {
    const html = renderMarkdown('so $$\\sum_i x_i$$ is the sum');
    expect(katexCount(html)).toBe(1);
    expect(html).toMatch(/^<p>so <span class="katex">.*<\/span> is the sum<\/p>\n$/s);
  });

  test('prices in prose stay text: "costs $5 and $6"', () => {
    expect(renderMarkdown('It costs $5 and $6.')).toBe('<p>It costs $5 and $6.</p>\n');
    expect(renderMarkdown('From $5 to $10, then $x$.')).toContain('From $5 to $10, then <span class="katex">');
    expect(renderMarkdown('Escaped \\$x\\$ is text.')).toBe('<p>Escaped $x$ is text.</p>\n');
  });

  test('a bad formula shows an inline error and the rest of the page renders', () => {
    const html = renderMarkdown('Bad $\\frac{1$ then **bold**.\n\n$$\n\\badcommand\n$$\n\nAfter.');
    expect(html).toContain('katex-error');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<p>After.</p>');
  });

  test('math inside inline code stays code', () => {
    expect(renderMarkdown('`$x$`')).toBe('<p><code>$x$</code></p>\n');
  });
});

describe('admonitions', () => {
  test('each type renders an aside with a default title', () => {
    for (const [type, title] of [
      ['tip', 'Tip'],
      ['note', 'Note'],
      ['warning', 'Warning'],
      ['info', 'Info'],
      ['danger', 'Danger'],
      ['correction', 'Correction'],
    ]) {
      expect(renderMarkdown(`:::${type}\nBody *text*.\n:::`)).toBe(
        `<aside class="admonition admonition-${type}" role="note">\n<p class="admonition-title">${title}</p>\n<p>Body <em>text</em>.</p>\n</aside>\n`,
      );
    }
  });

  test('a custom title after the type is inline Markdown', () => {
    const html = renderMarkdown(':::tip Why `bfloat16`?\nRange.\n:::');
    expect(html).toContain('<p class="admonition-title">Why <code>bfloat16</code>?</p>');
    expect(renderMarkdown('::: note  Spaced  \nx\n:::')).toContain('<p class="admonition-title">Spaced</p>');
  });

  test('admonitions hold any Markdown, including math and nested admonitions', () => {
    const html = renderMarkdown('::::note\n$x$\n\n:::warning\ninner\n:::\n::::');
    expect(katexCount(html)).toBe(1);
    expect(html).toContain('admonition-warning');
  });

  test('an unknown type is not an admonition', () => {
    expect(renderMarkdown(':::tips\nx\n:::')).not.toContain('<aside');
  });
});

describe('Markdown features', () => {
  test('GFM tables and strikethrough', () => {
    const html = renderMarkdown('| dtype | bytes |\n| :-- | --: |\n| int8 | 1 |\n\n~~old~~');
    expect(html).toContain('<table>');
    // explicit alignment wins; a short text column also gets col-short (never wraps: app/lesson/table-align.ts)
    expect(html).toContain('<th style="text-align:left" class="col-short">dtype</th>');
    expect(html).toContain('<td style="text-align:right">1</td>');
    expect(html).toContain('<s>old</s>');
  });

  test('raw HTML is escaped, except <kbd> keys', () => {
    expect(renderMarkdown('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).not.toContain('<img');
    expect(renderMarkdown('Press <kbd>Shift</kbd>+<kbd>Enter</kbd>')).toBe('<p>Press <kbd>Shift</kbd>+<kbd>Enter</kbd></p>\n');
    expect(renderMarkdown('<kbd><b>x</b></kbd>')).not.toContain('<b>');
  });

  test('bare URLs and file names are not linkified', () => {
    expect(renderMarkdown('see quantize.py and https://example.com')).not.toContain('<a');
    expect(renderMarkdown('<https://example.com>')).toContain('<a href="https://example.com"');
  });

  test('external links get rel="noopener noreferrer" and open in a new tab; internal links are left alone', () => {
    expect(renderMarkdown('[d](https://pytorch.org/docs)')).toBe(
      '<p><a href="https://pytorch.org/docs" rel="noopener noreferrer" target="_blank">d</a></p>\n',
    );
    expect(renderMarkdown('[s](#linear-quantization) [l](?lesson=01)')).toBe(
      '<p><a href="#linear-quantization">s</a> <a href="?lesson=01">l</a></p>\n',
    );
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript');
  });

  test('images resolve against the base URL, load lazily and keep their alt text', () => {
    expect(renderMarkdown('![A *grid*](/images/a.png)')).toBe('<p><img src="/images/a.png" alt="A grid" loading="lazy"></p>\n');
    expect(renderMarkdown('![x](images/a.png)', { baseUrl: '/qlab/' })).toContain('src="/qlab/images/a.png"');
    expect(renderMarkdown('![x](/images/a.png)', { baseUrl: '/qlab' })).toContain('src="/qlab/images/a.png"');
    expect(renderMarkdown('![x](./images/a.png)', { baseUrl: '/qlab/' })).toContain('src="/qlab/images/a.png"');
    expect(renderMarkdown('![x](data:image/png;base64,iVBORw0KGgo=)')).toContain('<img src="data:image/png;base64,iVBORw0KGgo="');
  });

  test('remote images are not loaded: a placeholder says where they pointed', () => {
    const blocked =
      '<p><span class="blocked-resource">[image not loaded: http://example.com/track.png (this app loads nothing from other hosts)]</span></p>\n';
    expect(renderMarkdown('![t](http://example.com/track.png)')).toBe(blocked);
    expect(renderMarkdown('![x](https://cdn.example/a.png)', { baseUrl: '/qlab/' })).not.toContain('<img');
    expect(renderMarkdown('![x](//cdn.example/a.png)')).toContain('[image not loaded: //cdn.example/a.png');
    expect(renderMarkdown('![x][r]\n\n[r]: HTTPS://cdn.example/b.png')).toContain('[image not loaded: HTTPS://cdn.example/b.png');
    expect(renderMarkdown('![x](http://e.com/"><script>alert(1)</script>)')).not.toContain('<script>');
  });
});

describe('heading anchors', () => {
  test('slugify: lowercase, non-alphanumerics collapse to one dash, trimmed', () => {
    expect(slugify('Linear Quantization')).toBe('linear-quantization');
    expect(slugify('14.2. Data Types and Sizes')).toBe('14-2-data-types-and-sizes');
    expect(slugify('  Why `bfloat16`?  ')).toBe('why-bfloat16');
    expect(slugify('Zero-Point & Scale (INT8)')).toBe('zero-point-scale-int8');
    expect(slugify('Précision numérique')).toBe('precision-numerique');
    expect(slugify('???')).toBe('section');
  });

  test('headings get ids from slugify, unique within one render', () => {
    expect(renderMarkdown('## Linear Quantization\n## Linear Quantization')).toBe(
      '<h2 id="linear-quantization">Linear Quantization</h2>\n<h2 id="linear-quantization-1">Linear Quantization</h2>\n',
    );
  });

  test('a shared slug registry keeps ids unique across renders', () => {
    const slugs = createSlugRegistry();
    expect(renderMarkdown('## Intro', { slugs })).toContain('id="intro"');
    expect(renderMarkdown('## Intro', { slugs })).toContain('id="intro-1"');
    expect(renderMarkdown('## Intro')).toContain('id="intro"');
  });
});

describe('renderLessonMarkdown', () => {
  const lesson = parseOk(
    lessonText(['## Setup', 'See [docs].', '```ts', 'x', '```', '## Setup', '[docs]: https://example.com/docs', '### 14.2. Data Types']),
  );

  test('returns HTML aligned with lesson.blocks, empty for code cells', () => {
    const html = renderLessonMarkdown(lesson);
    expect(html).toHaveLength(lesson.blocks.length);
    expect(lesson.blocks.map((b) => b.kind)).toEqual(['markdown', 'code', 'markdown']);
    expect(html[1]).toBe('');
  });

  test('heading ids are unique across blocks and equal the sections', () => {
    const html = renderLessonMarkdown(lesson).join('');
    const ids = [...html.matchAll(/<h[1-6] id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual(['setup', 'setup-1', '14-2-data-types']);
    expect(lesson.sections.map((s) => s.slug)).toEqual(ids);
  });

  test('link references resolve across blocks', () => {
    expect(renderLessonMarkdown(lesson)[0]).toContain(
      '<a href="https://example.com/docs" rel="noopener noreferrer" target="_blank">docs</a>',
    );
  });

  test('rendering twice gives the same ids (no state leaks between renders)', () => {
    expect(renderLessonMarkdown(lesson)).toEqual(renderLessonMarkdown(lesson));
  });

  test('images use the base URL', () => {
    const withImage = parseOk(lessonText(['![plot](images/p.png)']));
    expect(renderLessonMarkdown(withImage, { baseUrl: '/app/' })[0]).toContain('src="/app/images/p.png"');
  });
});
