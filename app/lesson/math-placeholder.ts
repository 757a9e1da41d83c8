// A formula left for later: what the lesson page shows in its place until it is
// typeset (the TeX itself, as text), and how to find it again, in an HTML string
// or in the page. A big lesson's first screen appears at once and the rest of its
// formulas are typeset in idle slices (app/ui/use-math-typesetter.ts); exports,
// slides and the speaker view finish a string at once (typeset-html.ts). The
// TeX travels in `data-tex`, escaped like any text: nothing in it is markup.

/** The class of a pending formula; `math-pending-display` as well for a display (`$$…$$`) one. */
export const PENDING_CLASS = 'math-pending';
export const PENDING_DISPLAY_CLASS = 'math-pending-display';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const unescapeHtml = (text: string): string =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&gt;/g, '>')
    .replace(/&lt;/g, '<')
    .replace(/&amp;/g, '&');

/**
 * The placeholder for a formula. A display formula's typeset form is a block
 * (`<p class='katex-block'>…</p>\n`), so its placeholder is one too, with the same line break.
 */
export function mathPlaceholder(tex: string, display: boolean): string {
  const text = escapeHtml(tex);
  return display
    ? `<p class="${PENDING_CLASS} ${PENDING_DISPLAY_CLASS}" data-tex="${text}">${text}</p>\n`
    : `<span class="${PENDING_CLASS}" data-tex="${text}">${text}</span>`;
}

// Exactly what mathPlaceholder writes (escaped text holds no `<` or `"`).
const PLACEHOLDER = new RegExp(`<(span|p) class="${PENDING_CLASS}( ${PENDING_DISPLAY_CLASS})?" data-tex="([^"]*)">[^<]*</\\1>(\\n?)`, 'g');

/** Replaces every placeholder in `html` (as mathPlaceholder wrote it) with `typeset(tex, display)`. */
export function replacePlaceholders(html: string, typeset: (tex: string, display: boolean) => string): string {
  if (!html.includes(PENDING_CLASS)) return html;
  return html.replace(PLACEHOLDER, (whole: string, _tag: string, display: string | undefined, text: string, newline: string) => {
    const isDisplay = display !== undefined;
    // A display placeholder always ends in its line break; without one this is not ours.
    if (isDisplay && newline === '') return whole;
    return typeset(unescapeHtml(text), isDisplay) + (isDisplay ? '' : newline);
  });
}

/** How many placeholders `html` holds. */
export function countPlaceholders(html: string): number {
  return html.includes(PENDING_CLASS) ? (html.match(PLACEHOLDER) ?? []).length : 0;
}
