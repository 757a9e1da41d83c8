// A lesson Markdown block → the Markdown cells of the exported notebook,
// without the answer key. The lesson's own fences mean nothing to Jupyter
// (it would show ```solution as a code block anyone can read), so:
// - an exercise's hints → collapsed `<details>` cells; its checks → the
//   exercise code cell's metadata (`qlab.check`); its solution is left out
//   unless the student revealed it in the app (then a cell marked as such);
// - `:::tip` admonitions → blockquotes headed by their title;
// - ```python original → a ```python block under "PyTorch original";
// - ```figure → the figure as a static SVG of what the student sees now (a
//   Markdown cell attachment, figure-export.ts), with a note and a link back
//   to the lesson, where it is live;
// - ```notes (speaker notes) → left out.
// Each cell records the lesson text it came from (ipynb-meta.ts) so import
// gives back the lesson. Plain TS (page and Node).
import { parseAdmonitionInfo } from '../lesson/admonition.ts';
import { splitFences, isBlank, type MarkdownPiece } from '../notebook/fences.ts';
import { base64Utf8, type FigureAt } from './figure-export.ts';
import { sourceHash, type QlabPiece } from './ipynb-meta.ts';
import { escapeRawHtml, fenced } from './markdown-html.ts';

export interface MarkdownCellOut {
  readonly source: string;
  readonly piece: QlabPiece;
  /** nbformat's Markdown cell attachments: file name → { MIME type: base64 }. */
  readonly attachments?: Record<string, Record<string, string>>;
}

export interface BlockExport {
  readonly cells: readonly MarkdownCellOut[];
  /** The hidden checks of the exercise cell just before this block (its leading ```check fences). */
  readonly checks: readonly string[];
}

export interface PieceContext {
  /** The exercise cell right before this block, if any, and the code the student has in it now. */
  readonly exercise: { readonly studentSource: string } | null;
  /** An absolute link to the lesson in the app, for figures. */
  readonly lessonUrl?: string;
  /** The block's first line in the lesson file (figures are found by their fence's line); default 1. */
  readonly line?: number;
  /** The figures as static SVG; without it a figure is a note and a link only. */
  readonly figure?: FigureAt;
}

const EXERCISE_FENCES = new Set(['hint', 'solution', 'check']);

const cell = (kind: QlabPiece['kind'], source: string, lesson: string): MarkdownCellOut => ({
  source,
  piece: { kind, lesson: lesson.replace(/\s+$/, ''), hash: sourceHash(source) },
});

/** Was the solution put in the cell (the app records "Show solution" as an edit: the cell's code becomes the solution)? */
const revealed = (studentSource: string, solution: string): boolean => studentSource.trim() === solution.trim();

export function exportMarkdownBlock(source: string, ctx: PieceContext): BlockExport {
  const pieces: MarkdownPiece[] = splitFences(source, ctx.line ?? 1);
  const cells: MarkdownCellOut[] = [];
  const checks: string[] = [];
  let hints = 0;
  if (ctx.exercise !== null) {
    const total = pieces.filter((p) => p.kind === 'fence' && p.info === 'hint').length;
    while (pieces.length > 0) {
      const p = pieces[0]!;
      if (isBlank(p)) {
        pieces.shift();
        continue;
      }
      if (p.kind !== 'fence' || !EXERCISE_FENCES.has(p.info)) break;
      pieces.shift();
      if (p.info === 'check') checks.push(p.body);
      else if (p.info === 'hint') {
        hints++;
        const label = total > 1 ? `Hint ${hints}` : 'Hint';
        cells.push(cell('hint', `<details><summary>${label}</summary>\n\n${escapeRawHtml(p.body)}\n\n</details>`, p.raw));
      } else if (revealed(ctx.exercise.studentSource, p.body)) {
        cells.push(cell('solution', `**Solution** (revealed in Quantization Lab)\n\n${fenced('ts', p.body)}`, p.raw));
      }
    }
  }
  let prose = '';
  const flush = () => {
    if (prose.trim() !== '')
      cells.push(cell('markdown', escapeRawHtml(admonitionsToQuotes(prose.replace(/^\s*\n/, ''))).replace(/\s+$/, ''), prose));
    prose = '';
  };
  for (const p of pieces) {
    if (p.kind === 'fence' && p.info === 'notes') continue;
    const figure = p.kind === 'fence' ? /^figure(?:\s+(.*))?$/.exec(p.info) : null;
    if (p.kind === 'fence' && figure !== null) {
      flush();
      const name = escapeRawHtml(figure[1]?.trim() ?? '');
      const where = ctx.lessonUrl !== undefined ? `[this lesson in Quantization Lab](${ctx.lessonUrl})` : 'this lesson in Quantization Lab';
      const note = `> **Interactive figure: ${name}**\n>\n> It runs in the app only: open ${where} to use it.`;
      const drawn = ctx.figure?.(p.line) ?? null;
      if (drawn === null) cells.push(cell('figure', note, p.raw));
      else {
        // The picture as a cell attachment (nbformat 4.5; what Jupyter writes for an image pasted into Markdown): a
        // Markdown cell cannot have outputs, and an <img src="data:…"> would be raw HTML that some viewers strip.
        const file = `figure-${p.line}.svg`;
        const shown = `![${imageAlt(drawn.alt)}](attachment:${file})\n\n> **Interactive figure: ${name}**, as it was when this notebook was exported.\n>\n> It runs in the app only: open ${where} to change it.`;
        cells.push({ ...cell('figure', shown, p.raw), attachments: { [file]: { 'image/svg+xml': base64Utf8(drawn.svg) } } });
      }
    } else if (p.kind === 'fence' && p.info === 'python original') {
      flush();
      cells.push(cell('python-original', `**PyTorch original**\n\n${fenced('python', p.body)}`, p.raw));
    } else prose += p.raw;
  }
  flush();
  return { cells, checks };
}

/** Alt text inside ![…]: one line, brackets and backslashes escaped, raw HTML shown as text. */
const imageAlt = (alt: string): string => escapeRawHtml(alt.replace(/\s+/g, ' ').replace(/[\\[\]]/g, '\\$&'));

const OPEN = /^ {0,3}(`{3,}|~{3,})/;

/** `:::tip Title` … `:::` → `> **Title**` blockquotes (nested ones nest); fenced code inside is quoted too, never rewritten. */
export function admonitionsToQuotes(markdown: string): string {
  const out: string[] = [];
  let depth = 0;
  let fence: string | null = null;
  const all = markdown.split(/\r?\n/);
  for (const [i, raw] of all.entries()) {
    const quote = '> '.repeat(depth);
    const opener = OPEN.exec(raw)?.[1];
    if (fence !== null) {
      if (opener !== undefined && opener[0] === fence[0] && opener.length >= fence.length && raw.trim() === opener) fence = null;
      out.push(quote + raw);
      continue;
    }
    if (opener !== undefined) {
      fence = opener;
      out.push(quote + raw);
      continue;
    }
    const open = /^:::(.*)$/.exec(raw.trim());
    const info = open !== null ? parseAdmonitionInfo(open[1]!) : null;
    if (info !== null) {
      const label = info.type[0]!.toUpperCase() + info.type.slice(1);
      const title = info.title.toLowerCase() === info.type ? label : `${label}: ${info.title}`;
      out.push(`${quote}> **${title}**`, `${quote}>`);
      depth++;
    } else if (open !== null && open[1]!.trim() === '' && depth > 0) {
      depth--;
      // A blank line ends the quote, so the next paragraph is not pulled into it (one is enough).
      if ((all[i + 1] ?? '').trim() !== '' || depth > 0) out.push('> '.repeat(depth).trimEnd());
    } else out.push(raw === '' ? quote.trimEnd() : quote + raw);
  }
  return out.join('\n');
}
