// Exports of hostile outputs: nothing a cell printed may become a script, a
// handler or a request in the exported file. The page's DOMPurify-based
// sanitiser needs a browser (tests/e2e/hostile-output.spec.ts exports through
// it); here a recording sanitiser proves every piece of output HTML goes
// through it, and the parts the export writes itself are checked directly.
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { parseLesson, renderMarkdown } from '../lesson/index.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { idleCell, type CellRuntime } from '../notebook/cell-runtime.ts';
import { emptyStructure } from '../notebook/structure.ts';
import { cellId, ms } from '../shared/brand.ts';
import type { StudentState } from './document.ts';
import { toHtml } from './html.ts';
import { toIpynb, toIpynbOutputs } from './ipynb.ts';
import { escapeRawHtml } from './markdown-html.ts';

const SCRIPT_SVG = '<svg viewBox="0 0 1 1"><script>alert(1)</script><image href="http://example.com/t.png"/></svg>';
const hostile: CellOutput[] = [
  { kind: 'svg', html: SCRIPT_SVG, alt: 'fig' },
  { kind: 'svg', html: '<div><img src=x onerror=alert(1)></div>', alt: 'html' },
  { kind: 'image', src: 'javascript:alert(1)', alt: 'js' },
  { kind: 'image', src: 'http://example.com/pixel.png', alt: 'pixel' },
  { kind: 'image', src: 'x" onerror="alert(1)', alt: 'quote' },
  { kind: 'markdown', markdown: 'hi <script>alert(1)</script> <img src=x onerror=alert(2)>' },
  { kind: 'markdown', markdown: '**plain**' },
];

/** A sanitiser that says what it was given, so the test sees every piece of HTML went through it. */
function recordingDeps() {
  const seen: string[] = [];
  return {
    seen,
    deps: {
      sanitize: (html: string): string => (seen.push(html), `<i>clean ${seen.length}</i>`),
      renderMarkdown: (s: string): string => renderMarkdown(s),
    },
  };
}

const lessonText =
  '---\ntitle: Hostile <img src=x onerror=alert(0)>\n---\n\nText <script>alert(3)</script> and `<b>code</b>`.\n\n```ts\nprint(1)\n```\n';
const c1 = cellId('hostile/c1');
const ran: CellRuntime = { ...idleCell, status: 'ok', outputs: hostile, execCount: 1, duration: ms(1) };
const state: StudentState = {
  sources: { [cellId('hostile/m1')]: 'note <iframe src="http://example.com/"></iframe>' },
  cells: { [c1]: ran },
  structure: { ...emptyStructure, added: [{ id: cellId('hostile/m1'), kind: 'markdown', after: c1 }] },
};

describe('ipynb export of hostile outputs', () => {
  it('sends every HTML/SVG output and HTML-bearing Markdown through the sanitiser, and keeps no unsafe image', () => {
    const { seen, deps } = recordingDeps();
    const outputs = toIpynbOutputs(hostile, 1, deps);
    expect(seen.slice(0, 2)).toEqual([SCRIPT_SVG, '<div><img src=x onerror=alert(1)></div>']);
    // The hostile Markdown is rendered by the app's renderer (raw HTML as text) and then sanitised.
    expect(seen[2]).toBe(renderMarkdown(hostile[5]?.kind === 'markdown' ? hostile[5].markdown : ''));
    expect(seen).toHaveLength(3);
    const bundles = outputs.map((o) => (o.output_type === 'display_data' ? o.data : {}));
    expect(bundles[0]).toEqual({ 'text/html': ['<i>clean 1</i>'], 'text/plain': ['fig'] });
    expect(bundles[2]).toEqual({ 'text/plain': ['[image not loaded: a javascript: URL (this app loads nothing from other hosts)]'] });
    expect(bundles[3]).toEqual({
      'text/plain': ['[image not loaded: http://example.com/pixel.png (this app loads nothing from other hosts)]'],
    });
    expect(Object.keys(bundles[4] ?? {})).toEqual(['text/plain']);
    expect(bundles[5]).toEqual({
      'text/html': ['<i>clean 3</i>'],
      'text/plain': [hostile[5]?.kind === 'markdown' ? hostile[5].markdown : ''],
    });
    expect(bundles[6]).toEqual({ 'text/markdown': ['**plain**'], 'text/plain': ['**plain**'] });
    // No rich representation holds the raw hostile text; text/plain is never rendered as markup.
    const rich = JSON.stringify(bundles.map(({ 'text/plain': _plain, ...r }) => r));
    expect(rich).not.toMatch(/script|onerror|javascript:|example\.com/);
  });

  it('writes Markdown cells so Jupyter shows their raw HTML as text, as the app does', () => {
    const parsed = parseLesson(lessonText, 'lessons/hostile.md');
    if (!parsed.ok) throw new Error('fixture');
    const nb = toIpynb(parsed.lesson, state, recordingDeps().deps);
    const markdown = nb.cells.filter((c) => c.cell_type === 'markdown').map((c) => c.source.join(''));
    expect(markdown).toEqual([
      '# Hostile &lt;img src=x onerror=alert(0)>',
      'Text &lt;script>alert(3)&lt;/script> and `<b>code</b>`.',
      'note &lt;iframe src="http://example.com/">&lt;/iframe>',
    ]);
  });
});

describe('HTML export of hostile outputs', () => {
  it('sanitises every output and writes only data: images', () => {
    const built = buildLessonPage(lessonText, 'lessons/hostile.md');
    if (!built.ok) throw new Error('fixture');
    const { seen, deps } = recordingDeps();
    const html = toHtml(built.page, state, deps, new Date('2025-01-02T00:00:00Z'));
    expect(seen).toContain(SCRIPT_SVG);
    expect(seen).toContain('<div><img src=x onerror=alert(1)></div>');
    expect(html).toContain('[image not loaded: http://example.com/pixel.png (this app loads nothing from other hosts)]');
    expect(html).toContain('[image not loaded: a relative URL (this app');
    expect(html).not.toMatch(/<img|<script|<iframe|javascript:alert|onerror=&quot;/);
    // The title's markup is text (escaped), as everywhere in the export.
    expect(html).toContain('<h1>Hostile &lt;img src=x onerror=alert(0)&gt;</h1>');
  });
});

describe('escapeRawHtml', () => {
  it('escapes tag starts outside code and leaves code spans, fences and plain < alone', () => {
    expect(escapeRawHtml('a <b>x</b> < 3 and <!-- c --> <?p')).toBe('a &lt;b>x&lt;/b> < 3 and &lt;!-- c --> &lt;?p');
    expect(escapeRawHtml('`<b>` and ``a`<i>`b`` then <i>')).toBe('`<b>` and ``a`<i>`b`` then &lt;i>');
    expect(escapeRawHtml('unclosed ` <b>')).toBe('unclosed ` &lt;b>');
    expect(escapeRawHtml('~~~\n<b>\n```\n<i>\n~~~\n<u>\n')).toBe('~~~\n<b>\n```\n<i>\n~~~\n&lt;u>\n');
    expect(escapeRawHtml('````\n<b>\n```\n<i>\n````\n')).toBe('````\n<b>\n```\n<i>\n````\n');
  });
});
