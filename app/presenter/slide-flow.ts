// The lesson as one flow of blocks for the presenter: each section's items, with the Markdown
// split into its top-level elements so a long section can break between paragraphs. A `---`
// line (an <hr>) is a slide break the lesson asks for: it is not shown, the next block starts a
// slide. Pure given the HTML splitter (the page passes one built on <template>, tests linkedom's).
import type { Slide, SlideItem } from './slides.ts';

export type FlowItem = SlideItem | { readonly kind: 'title' };

export interface FlowEntry {
  readonly item: FlowItem;
  /** Index of the section (a `Slide` of splitSlides) this block belongs to. */
  readonly section: number;
  readonly breakBefore: boolean;
  readonly keepWithNext: boolean;
}

/** One top-level element of rendered Markdown: its tag name (lower case) and outer HTML. */
export interface HtmlBlock {
  readonly tag: string;
  readonly html: string;
}

export type SplitHtml = (html: string) => readonly HtmlBlock[];

const HEADING = /^h[1-6]$/;

export function buildFlow(sections: readonly Slide[], split: SplitHtml): FlowEntry[] {
  const flow: FlowEntry[] = [];
  sections.forEach((section, index) => {
    let breakNext = true;
    const add = (item: FlowItem, keepWithNext: boolean) => {
      flow.push({ item, section: index, breakBefore: breakNext, keepWithNext });
      breakNext = false;
    };
    if (section.level === 1) add({ kind: 'title' }, true);
    for (const item of section.items) {
      if (item.kind !== 'html') {
        add(item, false);
        continue;
      }
      for (const block of split(item.html)) {
        if (block.tag === 'hr') {
          breakNext = true;
          continue;
        }
        add({ kind: 'html', html: block.html }, HEADING.test(block.tag));
      }
    }
  });
  return flow;
}

/** The page's splitter: top-level elements of sanitised HTML; stray top-level text becomes a paragraph. */
export function splitHtmlInPage(html: string): HtmlBlock[] {
  const template = document.createElement('template');
  template.innerHTML = html;
  const blocks: HtmlBlock[] = [];
  for (const node of Array.from(template.content.childNodes)) {
    if (node instanceof Element) blocks.push({ tag: node.tagName.toLowerCase(), html: node.outerHTML });
    else if ((node.textContent ?? '').trim() !== '') {
      const p = document.createElement('p');
      p.textContent = node.textContent;
      blocks.push({ tag: 'p', html: p.outerHTML });
    }
  }
  return blocks;
}
