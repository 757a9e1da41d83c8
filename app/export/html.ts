// The student's notebook → one self-contained HTML page: inline CSS, outputs
// included (images as data: URLs), and a Content-Security-Policy that forbids
// every request, so opening the file never reaches a server. Math is shown
// with the MathML KaTeX writes next to its HTML, which browsers render
// without KaTeX's fonts.
import type { CellOutput } from '../kernel/protocol.ts';
import { assertNever } from '../shared/assert-never.ts';
import { typesetPendingHtml } from '../lesson/typeset-html.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';
import type { CellId } from '../shared/brand.ts';
import { columnKinds } from '../lesson/table-align.ts';
import { blockedText } from '../shared/remote-url.ts';
import { addedAfter, addedCell, lessonCell, type ExportCell, type StudentState } from './document.ts';
import type { FigureAt } from './figure-export.ts';
import { EXPORT_CSS } from './html-style.ts';

export interface HtmlDeps {
  readonly renderMarkdown: (source: string) => string;
  /** Cleans HTML the kernel produced (figures) or rendered Markdown: app/shared/sanitize-html.ts in the app. */
  readonly sanitize: (html: string) => string;
  /** Figures as static SVG (figure-export.ts); without it a figure is a note only. */
  readonly figure?: FigureAt;
  /** An absolute link to the lesson in the app, where the figures are live. */
  readonly lessonUrl?: string;
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function outputHtml(outputs: readonly CellOutput[], deps: HtmlDeps): string {
  let html = '';
  let open: string | null = null;
  const close = () => {
    if (open !== null) html += '</pre>';
    open = null;
  };
  for (const o of outputs) {
    if (o.kind === 'text' || o.kind === 'result' || o.kind === 'error') {
      const cls = o.kind === 'text' ? `out-${o.stream}` : o.kind === 'result' ? 'out-result' : 'out-error';
      const text = o.kind === 'error' ? `${o.name}: ${o.message}` : o.text;
      if (open === cls) html += `\n${escapeHtml(text)}`;
      else {
        close();
        html += `<pre class="out ${cls}">${escapeHtml(text)}`;
        open = cls;
      }
      continue;
    }
    close();
    switch (o.kind) {
      case 'table': {
        // Aligned as on the page: numeric columns right, text left (app/lesson/table-align.ts).
        const kinds = columnKinds(o.rows, o.columns.length);
        const cls = (c: number): string => `col-${kinds[c] ?? 'text'}`;
        const head = o.columns.map((c, i) => `<th scope="col" class="${cls(i)}">${escapeHtml(c)}</th>`).join('');
        const rows = o.rows.map((r) => `<tr>${r.map((v, i) => `<td class="${cls(i)}">${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
        html += `<table class="out-table"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
        break;
      }
      case 'svg':
        html += `<figure class="out-figure" role="img" aria-label="${escapeHtml(o.alt)}">${deps.sanitize(o.html)}</figure>`;
        break;
      case 'image':
        // The kernel makes data: URLs only; anything else would be a request (or a script URL) in the file.
        html += /^data:image\/[\w.+-]+[;,]/.test(o.src)
          ? `<img class="out-image" src="${escapeHtml(o.src)}" alt="${escapeHtml(o.alt)}">`
          : `<p class="blocked-resource">${escapeHtml(blockedText('image', o.src))}</p>`;
        break;
      case 'markdown':
        html += `<div class="out-markdown">${deps.sanitize(deps.renderMarkdown(o.markdown))}</div>`;
        break;
      case 'notice':
        html += `<p class="out-notice">${escapeHtml(o.text)}</p>`;
        break;
      default:
        assertNever(o, 'output kind');
    }
  }
  close();
  return html;
}

/** A figure as the student left it: its static SVG (already sanitised) inline, captioned, with the way back to the live one. */
function figureHtml(name: string, drawn: ReturnType<FigureAt>, lessonUrl: string | undefined): string {
  const where =
    lessonUrl === undefined ? 'the lesson in Quantization Lab' : `<a href="${escapeHtml(lessonUrl)}">the lesson in Quantization Lab</a>`;
  const live = `Interactive figure “${escapeHtml(name)}”`;
  if (drawn === null) return `<p class="figure-note">${live}: open ${where} to use it.</p>`;
  return (
    `<figure class="figure-static" data-figure="${escapeHtml(name)}">${drawn.svg}<figcaption><span class="figure-alt">${escapeHtml(drawn.alt)}.</span> ` +
    `<span class="figure-note">${live}, as it was when exported: open ${where} to use it.</span></figcaption></figure>`
  );
}

function cellHtml(cell: ExportCell, label: string, deps: HtmlDeps): string {
  if (cell.kind === 'markdown')
    return `<section class="added-markdown" aria-label="${escapeHtml(label)}">${deps.sanitize(deps.renderMarkdown(cell.source))}</section>`;
  const outputs = outputHtml(cell.outputs, deps);
  return (
    `<section class="cell" aria-label="${escapeHtml(label)}"><div class="prompt" aria-hidden="true">[${cell.execCount ?? ' '}]</div>` +
    `<div class="cell-body"><pre class="code"><code>${escapeHtml(cell.source)}</code></pre>` +
    (outputs === '' ? '' : `<div class="output">${outputs}</div>`) +
    '</div></section>'
  );
}

export function toHtml(page: LessonPage, state: StudentState, deps: HtmlDeps, exportedAt: Date): string {
  const title = page.notebook.title;
  const cells = new Map(page.notebook.cells.map((c) => [c.id, c]));
  const lessonIds = new Set<string>(page.notebook.cells.map((c) => c.id));
  const firstCode = page.blocks.findIndex((b) => b.kind === 'code');
  const lastCode = page.blocks.findLastIndex((b) => b.kind === 'code');
  let added = 0;
  const addedHtml = (after: CellId | null, orphans: boolean) =>
    addedAfter(state, after, orphans ? lessonIds : undefined)
      .map((a) => cellHtml(addedCell(state, a), `New cell ${++added}`, deps))
      .join('');
  const body = page.blocks
    .map((block, i) => {
      // A big lesson's page may still be typesetting: the file gets every formula typeset.
      if (block.kind === 'markdown') return `<div class="prose">${deps.sanitize(typesetPendingHtml(block.html))}</div>`;
      if (block.kind === 'figure') return figureHtml(block.name, deps.figure?.(block.line) ?? null, deps.lessonUrl);
      const cell = cells.get(block.cellId);
      if (cell === undefined) return '';
      const before = i === firstCode ? addedHtml(null, false) : '';
      const own = lessonCell(state, cell.id, cell.source)
        .map((c) => cellHtml(c, `Cell ${cell.index}`, deps))
        .join('');
      return before + own + addedHtml(cell.id, i === lastCode);
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${EXPORT_CSS}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${page.chapter === null ? '' : `<p class="chapter">Chapter ${escapeHtml(page.chapter)}</p>\n`}${body}
<footer>Exported from Quantization Lab on ${escapeHtml(exportedAt.toISOString().slice(0, 10))}, with the code and outputs as they were in the notebook.</footer>
</main>
</body>
</html>
`;
}
