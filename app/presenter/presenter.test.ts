import { describe, expect, it } from 'vitest';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';
import { MemoryStorage } from '../notebook/persistence.ts';
import { DEFAULT_SCALE, loadScale, saveScale, SCALE_STEPS, stepScale } from './font-scale.ts';
import { move, presenterAction, type PresenterKey } from './presenter-keys.ts';
import { slideIndex, splitSlides } from './slides.ts';
import { MIN_ZOOM, packPages, pageSlug, parsePageSlug, type FlowBlock } from './slide-pages.ts';
import { seededRandom } from '../shared/seeded-random.ts';
import { buildFlow, type SplitHtml } from './slide-flow.ts';
import { parseHTML } from 'linkedom';

function page(text: string): LessonPage {
  const r = buildLessonPage(text, 'lessons/demo.md');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.page;
}

const lesson = `---
title: Demo lesson
---

Intro text.

## First

Text one.

\`\`\`ts
print(1)
\`\`\`

More of one.

### Sub

Sub text. ## not a heading

:::note Inside
## A heading in an admonition stays
:::

## Second

\`\`\`figure bit-explorer
\`\`\`

\`\`\`ts
print(2)
\`\`\`
`;

describe('splitSlides', () => {
  it('starts a slide at every ## and ### heading, after a title slide', () => {
    const slides = splitSlides(page(lesson));
    expect(slides.map((s) => [s.slug, s.title, s.level])).toEqual([
      ['intro', 'Demo lesson', 1],
      ['first', 'First', 2],
      ['sub', 'Sub', 3],
      ['second', 'Second', 2],
    ]);
    expect(slides[0]!.items).toEqual([{ kind: 'html', html: '<p>Intro text.</p>\n' }]);
  });

  it('keeps cells and figures on the slide of the heading above them', () => {
    const slides = splitSlides(page(lesson));
    expect(slides[1]!.items.map((i) => i.kind)).toEqual(['html', 'code', 'html']);
    expect(slides[1]!.items[0]).toMatchObject({ kind: 'html', html: expect.stringContaining('<h2 id="first"') });
    expect(slides[2]!.items).toHaveLength(1);
    expect(slides[2]!.items[0]).toMatchObject({ html: expect.stringContaining('A heading in an admonition stays') });
    expect(slides[3]!.items.map((i) => i.kind)).toEqual(['html', 'figure', 'code']);
  });

  it('gives the title slide another name when a section is called intro', () => {
    const slides = splitSlides(page('---\ntitle: T\n---\n\n## Intro\n\nx\n'));
    expect(slides.map((s) => s.slug)).toEqual(['intro-slide', 'intro']);
  });

  it('finds the slide a URL names, and the first slide for unknown names', () => {
    const slides = splitSlides(page(lesson));
    expect(slideIndex(slides, 'sub')).toBe(2);
    expect(slideIndex(slides, 'nope')).toBe(0);
    expect(slideIndex(slides, null)).toBe(0);
  });
});

describe('font scale', () => {
  it('steps up and down and stops at the ends', () => {
    expect(stepScale(1, 1)).toBe(1.15);
    expect(stepScale(1, -1)).toBe(0.9);
    expect(stepScale(SCALE_STEPS.at(-1)!, 1)).toBe(SCALE_STEPS.at(-1));
    expect(stepScale(SCALE_STEPS[0], -1)).toBe(SCALE_STEPS[0]);
  });

  it('is remembered, and a bad saved value falls back to the default', () => {
    const storage = new MemoryStorage();
    expect(loadScale(storage)).toBe(DEFAULT_SCALE);
    saveScale(storage, 1.3);
    expect(loadScale(storage)).toBe(1.3);
    storage.setItem('qlab:presenter:scale', 'huge');
    expect(loadScale(storage)).toBe(DEFAULT_SCALE);
  });
});

describe('presenter keys', () => {
  const k = (key: string, typing = false): PresenterKey => ({ key, ctrl: false, meta: false, alt: false, typing });

  it('moves with arrows and PageUp/PageDown, scales with + and -, leaves with Esc', () => {
    expect(presenterAction(k('ArrowRight'))).toEqual({ type: 'go', to: 'next' });
    expect(presenterAction(k('PageDown'))).toEqual({ type: 'go', to: 'next' });
    expect(presenterAction(k('ArrowLeft'))).toEqual({ type: 'go', to: 'previous' });
    expect(presenterAction(k('PageUp'))).toEqual({ type: 'go', to: 'previous' });
    expect(presenterAction(k('+'))).toEqual({ type: 'scale', direction: 1 });
    expect(presenterAction(k('-'))).toEqual({ type: 'scale', direction: -1 });
    expect(presenterAction(k('Escape'))).toEqual({ type: 'exit' });
  });

  it('leaves keys typed in an editor alone; Esc there only leaves the editor', () => {
    expect(presenterAction(k('ArrowRight', true))).toBeNull();
    expect(presenterAction(k('-', true))).toBeNull();
    expect(presenterAction(k('Escape', true))).toEqual({ type: 'leave-editor' });
  });

  it('stays within the slides', () => {
    expect(move(0, 3, 'previous')).toBe(0);
    expect(move(2, 3, 'next')).toBe(2);
    expect(move(1, 3, 'last')).toBe(2);
    expect(move(1, 3, 'first')).toBe(0);
  });
});

describe('packPages', () => {
  const b = (height: number, breakBefore = false, keepWithNext = false): FlowBlock => ({ height, breakBefore, keepWithNext });

  it('fills a slide until the next block would not fit', () => {
    expect(packPages([b(300, true), b(300), b(300), b(300)], 1000)).toEqual([
      { start: 0, end: 3, zoom: 1 },
      { start: 3, end: 4, zoom: 1 },
    ]);
  });

  it('starts a slide at every forced break (a section, a --- line)', () => {
    expect(packPages([b(10, true), b(10), b(10, true), b(10)], 1000).map((p) => [p.start, p.end])).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('moves a heading that would end a slide onto the next one', () => {
    expect(packPages([b(400, true), b(400), b(100, false, true), b(400)], 1000).map((p) => [p.start, p.end])).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('zooms out a single block taller than the screen, down to MIN_ZOOM', () => {
    expect(packPages([b(2000, true)], 1000)).toEqual([{ start: 0, end: 1, zoom: 0.5 }]);
    expect(packPages([b(1250, true)], 1000)).toEqual([{ start: 0, end: 1, zoom: 0.79 }]);
    expect(packPages([b(5000, true)], 1000)[0]!.zoom).toBe(MIN_ZOOM);
  });

  it('seed 77: every block is on exactly one page, in order, and no page of several blocks overflows', () => {
    const random = seededRandom(77);
    for (let round = 0; round < 500; round++) {
      const n = 1 + Math.floor(random() * 30);
      const blocks = Array.from({ length: n }, (_, i) => b(10 + random() * 900, i === 0 || random() < 0.15, random() < 0.2));
      const pages = packPages(blocks, 1000);
      expect(pages[0]!.start).toBe(0);
      expect(pages.at(-1)!.end).toBe(n);
      for (let i = 1; i < pages.length; i++) expect(pages[i]!.start).toBe(pages[i - 1]!.end);
      for (const p of pages) {
        expect(p.end).toBeGreaterThan(p.start);
        const used = blocks.slice(p.start, p.end).reduce((s, x) => s + x.height, 0);
        if (p.end - p.start > 1) expect(used).toBeLessThanOrEqual(1000);
        for (let i = p.start + 1; i < p.end; i++) expect(blocks[i]!.breakBefore).toBe(false);
      }
      for (let i = 0; i < n; i++) if (blocks[i]!.breakBefore) expect(pages.some((p) => p.start === i)).toBe(true);
    }
  });
});

describe('page slugs', () => {
  it("names a section's first slide by the section and later ones with ~N", () => {
    expect(pageSlug('bits', 1)).toBe('bits');
    expect(pageSlug('bits', 3)).toBe('bits~3');
    expect(parsePageSlug('bits~3')).toEqual({ section: 'bits', part: 3 });
    expect(parsePageSlug('bits')).toEqual({ section: 'bits', part: 1 });
    expect(parsePageSlug('a~b')).toEqual({ section: 'a~b', part: 1 });
  });
});

describe('buildFlow', () => {
  // The page splits with <template>; here linkedom's parser does the same job.
  const split: SplitHtml = (html) => {
    const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
    return Array.from(document.body.children, (e) => ({ tag: e.tagName.toLowerCase(), html: e.outerHTML }));
  };
  const withBreak = `---
title: Breaks
---

## One

First paragraph.

---

After the break.

\`\`\`ts
print(1)
\`\`\`
`;

  it('breaks Markdown into its top-level elements, cells and figures staying whole', () => {
    const flow = buildFlow(splitSlides(page(lesson)), split);
    const first = flow.filter((e) => e.section === 1);
    expect(first.map((e) => (e.item.kind === 'html' ? e.item.html.slice(0, 3) : e.item.kind))).toEqual(['<h2', '<p>', 'code', '<p>']);
    expect(first.map((e) => e.breakBefore)).toEqual([true, false, false, false]);
    expect(first[0]!.keepWithNext).toBe(true);
    expect(flow[0]).toMatchObject({ item: { kind: 'title' }, section: 0, breakBefore: true, keepWithNext: true });
  });

  it('turns a --- line into a slide break that is not shown', () => {
    const flow = buildFlow(splitSlides(page(withBreak)), split).filter((e) => e.section === 1);
    expect(flow.map((e) => [e.item.kind === 'html' ? e.item.html : e.item.kind, e.breakBefore])).toEqual([
      ['<h2 id="one">One</h2>', true],
      ['<p>First paragraph.</p>', false],
      ['<p>After the break.</p>', true],
      ['code', false],
    ]);
  });
});
