// Sections → slides that fit the screen. A section (one `##`/`###` heading and what follows it)
// is a run of blocks: top-level Markdown elements, cells, figures. Blocks are measured on the
// page (slide-measure.ts); this file only packs heights into pages, so it is plain logic, tested
// without a browser.

export interface FlowBlock {
  /** Height in CSS px, margins included (see slide-measure.ts). */
  readonly height: number;
  /** A new slide starts here: the first block of a section, or the block after a `---` break. */
  readonly breakBefore: boolean;
  /** A heading: never the last block of a slide when something of its section follows. */
  readonly keepWithNext: boolean;
}

export interface SlidePage {
  /** Blocks [start, end) of the flow. */
  readonly start: number;
  readonly end: number;
  /**
   * < 1 when the page is one block taller than the screen: that block is shown zoomed out to fit
   * (never below MIN_ZOOM; below that it scrolls inside itself, the slide never does).
   */
  readonly zoom: number;
}

export const MIN_ZOOM = 0.5;

/** Greedy: as many blocks as fit, breaking before forced breaks and before a heading's follower. */
export function packPages(blocks: readonly FlowBlock[], available: number): SlidePage[] {
  const pages: SlidePage[] = [];
  let start = 0;
  while (start < blocks.length) {
    let end = start + 1;
    let used = blocks[start]!.height;
    while (end < blocks.length && !blocks[end]!.breakBefore && used + blocks[end]!.height <= available) {
      used += blocks[end]!.height;
      end += 1;
    }
    // A heading left at the bottom goes to the next slide with what it introduces.
    while (end - 1 > start && end < blocks.length && !blocks[end]!.breakBefore && blocks[end - 1]!.keepWithNext) end -= 1;
    // 1% under the exact fit: zoomed layout rounds to device pixels.
    const zoom = end - start === 1 && used > available ? Math.max(MIN_ZOOM, Math.floor((available / used) * 99) / 100) : 1;
    pages.push({ start, end, zoom });
    start = end;
  }
  return pages;
}

/** `slug` for a section's first slide, `slug~2` for its second, … (the URL's `slide=`). */
export function pageSlug(sectionSlug: string, part: number): string {
  return part <= 1 ? sectionSlug : `${sectionSlug}~${part}`;
}

export function parsePageSlug(value: string): { readonly section: string; readonly part: number } {
  const m = /^(.*)~(\d+)$/.exec(value);
  return m === null ? { section: value, part: 1 } : { section: m[1]!, part: Math.max(1, Number(m[2])) };
}
