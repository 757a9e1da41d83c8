// Finishes a string of lesson HTML at once: every formula placeholder
// (math-placeholder.ts) becomes the KaTeX HTML the renderer would have written
// in its place, so the result equals rendering without deferral. For exports,
// slides and the speaker view; the lesson page itself typesets in idle slices.
import { typesetMath } from './markdown.ts';
import { replacePlaceholders } from './math-placeholder.ts';

export function typesetPendingHtml(html: string): string {
  return replacePlaceholders(html, typesetMath);
}
