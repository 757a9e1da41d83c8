// A lesson page → slides: each top-level `##`/`###` heading starts a slide;
// whatever comes before the first heading goes on a title slide with the
// lesson's title. Headings are found in the rendered HTML by the ids the
// renderer gave them (page.sections), so a heading inside an admonition or a
// code sample never splits a slide.
import type { LessonPage, PageBlock } from '../notebook/lesson-page.ts';

export type SlideItem = { readonly kind: 'html'; readonly html: string } | Exclude<PageBlock, { readonly kind: 'markdown' }>;

export interface Slide {
  /** Names the slide in the URL (`&slide=…`): the heading's id, or `intro` for the title slide. */
  readonly slug: string;
  readonly title: string;
  readonly level: 1 | 2 | 3;
  readonly items: readonly SlideItem[];
}

export function introSlug(page: LessonPage): string {
  return page.sections.some((s) => s.slug === 'intro') ? 'intro-slide' : 'intro';
}

/** Where each section's heading starts in `html`, searching from `from`. */
function headingAt(html: string, slug: string, from: number): number {
  const m = new RegExp(`<h[23] id="${slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`).exec(html.slice(from));
  return m === null ? -1 : from + m.index;
}

export function splitSlides(page: LessonPage): Slide[] {
  const slides: { slug: string; title: string; level: 1 | 2 | 3; items: SlideItem[] }[] = [
    { slug: introSlug(page), title: page.notebook.title, level: 1, items: [] },
  ];
  let next = 0;
  const push = (item: SlideItem) => slides.at(-1)!.items.push(item);
  for (const block of page.blocks) {
    if (block.kind !== 'markdown') {
      push(block);
      continue;
    }
    const html = block.html;
    let start = 0;
    for (;;) {
      const section = page.sections[next];
      const at = section === undefined ? -1 : headingAt(html, section.slug, start);
      if (section === undefined || at < 0) break;
      if (html.slice(start, at).trim() !== '') push({ kind: 'html', html: html.slice(start, at) });
      slides.push({ slug: section.slug, title: section.text, level: section.level === 3 ? 3 : 2, items: [] });
      start = at;
      next += 1;
    }
    if (html.slice(start).trim() !== '') push({ kind: 'html', html: html.slice(start) });
  }
  return slides;
}

/** The slide a URL names (unknown names: the first slide). */
export function slideIndex(slides: readonly Slide[], slug: string | null): number {
  const i = slug === null ? -1 : slides.findIndex((s) => s.slug === slug);
  return i < 0 ? 0 : i;
}
