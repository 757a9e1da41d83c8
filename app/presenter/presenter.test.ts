import { describe, expect, it } from 'vitest';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';
import { MemoryStorage } from '../notebook/persistence.ts';
import { DEFAULT_SCALE, loadScale, saveScale, SCALE_STEPS, stepScale } from './font-scale.ts';
import { move, presenterAction, type PresenterKey } from './presenter-keys.ts';
import { slideIndex, splitSlides } from './slides.ts';

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
