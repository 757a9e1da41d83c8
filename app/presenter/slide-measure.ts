// Measures the presenter's flow on the page and packs it into slides (slide-pages.ts).
// Every block is laid out once with the slide's width and text size (the `measuring` class shows
// them all for one synchronous layout, before anything is painted). Blocks are `display:
// flow-root`, so their children's margins stay inside them and heights simply add up.
import { packPages, type FlowBlock, type SlidePage } from './slide-pages.ts';
import type { FlowEntry } from './slide-flow.ts';

/** A few px of slack for rounding and the editor replacing its plain-text stand-in. */
const SLACK_PX = 6;

export interface SlideLayout {
  readonly pages: readonly SlidePage[];
  /** The slide's content height in CSS px. */
  readonly available: number;
}

export function measurePages(slide: HTMLElement, flowElement: HTMLElement, flow: readonly FlowEntry[]): SlideLayout {
  const style = getComputedStyle(slide);
  const available = slide.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom) - SLACK_PX;
  flowElement.classList.add('measuring');
  const elements = Array.from(flowElement.children).filter((c): c is HTMLElement => c instanceof HTMLElement);
  const heights = elements.map((e) => e.getBoundingClientRect().height);
  flowElement.classList.remove('measuring');
  const blocks: FlowBlock[] = flow.map((entry, i) => ({
    height: heights[i] ?? 0,
    breakBefore: entry.breakBefore,
    keepWithNext: entry.keepWithNext,
  }));
  const height = Math.max(available, 100);
  return { pages: packPages(blocks, height), available: height };
}

export function samePages(a: readonly SlidePage[] | null, b: readonly SlidePage[]): boolean {
  return a !== null && a.length === b.length && a.every((p, i) => p.start === b[i]!.start && p.end === b[i]!.end && p.zoom === b[i]!.zoom);
}
