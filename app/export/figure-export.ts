// The lesson's figures as static pictures for the exports: for the figure
// fenced at a lesson line, the state the student left it in (or, if the page
// has not rendered it yet, the state it starts in: app/figures/figure-state.ts)
// drawn by its SVG builder (app/figures/static-figure.ts), then passed through
// the page's sanitiser like every other HTML/SVG an export writes. Plain TS;
// `sanitize` is app/shared/sanitize-html.ts on the page.
import { currentFigureState } from '../figures/figure-state.ts';
import { staticFigureSvg } from '../figures/static-figure.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';

export interface ExportedFigure {
  readonly name: string;
  /** A standalone SVG document: real SVG shapes and text (no foreignObject, script, handler or remote URL). */
  readonly svg: string;
  /** What the picture shows, in one line (alt text). */
  readonly alt: string;
}

/** The figure at a lesson line (the line of its ```figure fence), or null if there is none there or it cannot be drawn. */
export type FigureAt = (line: number) => ExportedFigure | null;

/** Serialised by the sanitiser as HTML, the SVG may hold `&nbsp;`, which XML does not know. */
const asXml = (svg: string): string => svg.replace(/&nbsp;/g, '&#160;');

export function figuresOf(page: LessonPage, sanitize: (html: string) => string): FigureAt {
  const byLine = new Map(page.blocks.flatMap((b) => (b.kind === 'figure' ? [[b.line, b] as const] : [])));
  return (line) => {
    const block = byLine.get(line);
    if (block === undefined) return null;
    const state = currentFigureState(block.name, block.options);
    if (state === null) return null;
    const drawn = staticFigureSvg(state);
    const svg = asXml(sanitize(drawn.svg)).trim();
    // Our builders write a whole <svg xmlns=…>; anything else after sanitising is not a picture to embed.
    if (!/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[\s>]/.test(svg) || !svg.endsWith('</svg>')) return null;
    return { name: block.name, svg, alt: drawn.alt };
  };
}

/** Base64 of the UTF-8 bytes (how Jupyter stores a Markdown cell's attachments). */
export function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
