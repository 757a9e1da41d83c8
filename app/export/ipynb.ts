// The student's notebook → Jupyter nbformat 4.5, with TypeScript kernel
// metadata (tslab's kernelspec; Deno's Jupyter kernel reads the same
// language_info) so it opens as a TypeScript notebook. Outputs map to
// Jupyter's own kinds: prints → stream, the last value → execute_result,
// errors → error, tables/figures/images/Markdown → display_data.
import type { CellOutput } from '../kernel/protocol.ts';
import type { CodeBlock, Lesson } from '../lesson/types.ts';
import { blockedText } from '../shared/remote-url.ts';
import { addedAfter, addedCell, lessonCell, type ExportCell, type StudentState } from './document.ts';
import { TITLE_ROLE, type QlabCode } from './ipynb-meta.ts';
import type { FigureAt } from './figure-export.ts';
import { exportMarkdownBlock } from './ipynb-pieces.ts';
import { escapeRawHtml } from './markdown-html.ts';

/** How outputs become safe HTML: the page's sanitiser (app/shared/sanitize-html.ts) and Markdown renderer. */
export interface IpynbDeps {
  readonly sanitize: (html: string) => string;
  readonly renderMarkdown: (source: string) => string;
  /** An absolute link to the lesson in the app (figures in the notebook point to it). */
  readonly lessonUrl?: string;
  /** Figures as static SVG (figure-export.ts); without it a figure is only a note and the link. */
  readonly figure?: FigureAt;
}

type MultilineString = string[];
export type MimeBundle = Record<string, string | MultilineString>;

export type IpynbOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
  | { output_type: 'execute_result'; execution_count: number | null; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: 'display_data'; data: MimeBundle; metadata: Record<string, unknown> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

export type IpynbCell =
  | {
      cell_type: 'markdown';
      id: string;
      metadata: Record<string, unknown>;
      source: MultilineString;
      attachments?: Record<string, MimeBundle>;
    }
  | {
      cell_type: 'code';
      id: string;
      metadata: Record<string, unknown>;
      source: MultilineString;
      execution_count: number | null;
      outputs: IpynbOutput[];
    };

export interface Ipynb {
  nbformat: 4;
  nbformat_minor: 5;
  metadata: Record<string, unknown>;
  cells: IpynbCell[];
}

/** Jupyter's multiline form: one string per line, each but the last keeping its '\n'. */
export function lines(text: string): MultilineString {
  if (text === '') return [];
  return text.split(/(?<=\n)/);
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function tableHtml(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((v) => `<td>${escapeHtml(v)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A table as aligned plain text (what a text-only viewer shows). */
export function tableText(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [columns, ...rows];
  const widths = columns.map((_, c) => Math.max(...all.map((r) => (r[c] ?? '').length)));
  return all.map((r) => r.map((v, c) => v.padStart(widths[c] ?? 0)).join('  ')).join('\n');
}

export function toIpynbOutputs(outputs: readonly CellOutput[], execCount: number | null, deps: IpynbDeps): IpynbOutput[] {
  const result: IpynbOutput[] = [];
  for (const o of outputs) {
    const last = result.at(-1);
    switch (o.kind) {
      case 'text':
      case 'notice': {
        const name = o.kind === 'text' ? o.stream : 'stderr';
        // Consecutive prints on one stream are one stream output, as Jupyter writes them.
        if (last?.output_type === 'stream' && last.name === name) last.text = lines(last.text.join('') + o.text + '\n');
        else result.push({ output_type: 'stream', name, text: lines(o.text + '\n') });
        break;
      }
      case 'result':
        result.push({ output_type: 'execute_result', execution_count: execCount, data: { 'text/plain': lines(o.text) }, metadata: {} });
        break;
      case 'error':
        result.push({ output_type: 'error', ename: o.name, evalue: o.message, traceback: [`${o.name}: ${o.message}`] });
        break;
      case 'table':
        result.push({
          output_type: 'display_data',
          data: { 'text/html': lines(tableHtml(o.columns, o.rows)), 'text/plain': lines(tableText(o.columns, o.rows)) },
          metadata: {},
        });
        break;
      case 'svg': {
        // Sanitised as on the page: Jupyter shows HTML and SVG outputs as they are.
        const html = deps.sanitize(o.html);
        const svg = html.trimStart().startsWith('<svg');
        result.push({
          output_type: 'display_data',
          data: { [svg ? 'image/svg+xml' : 'text/html']: lines(html), 'text/plain': lines(o.alt) },
          metadata: {},
        });
        break;
      }
      case 'image': {
        const png = /^data:image\/png;base64,(.*)$/s.exec(o.src);
        const size = o.width !== undefined && o.height !== undefined ? { 'image/png': { width: o.width, height: o.height } } : {};
        if (png !== null)
          result.push({ output_type: 'display_data', data: { 'image/png': png[1]!, 'text/plain': lines(o.alt) }, metadata: size });
        else if (/^data:image\/[\w.+-]+[;,]/.test(o.src))
          result.push({
            output_type: 'display_data',
            data: { 'text/html': [`<img src="${escapeHtml(o.src)}" alt="${escapeHtml(o.alt)}">`], 'text/plain': lines(o.alt) },
            metadata: {},
          });
        // The kernel makes data: URLs only; any other src would be a request when the notebook opens.
        else result.push({ output_type: 'display_data', data: { 'text/plain': lines(blockedText('image', o.src)) }, metadata: {} });
        break;
      }
      case 'markdown':
        // Raw HTML in Markdown is text in the app but markup in Jupyter: such Markdown goes as the app's own (sanitised) HTML.
        if (escapeRawHtml(o.markdown) === o.markdown)
          result.push({
            output_type: 'display_data',
            data: { 'text/markdown': lines(o.markdown), 'text/plain': lines(o.markdown) },
            metadata: {},
          });
        else
          result.push({
            output_type: 'display_data',
            data: { 'text/html': lines(deps.sanitize(deps.renderMarkdown(o.markdown))), 'text/plain': lines(o.markdown) },
            metadata: {},
          });
        break;
    }
  }
  return result;
}

/** nbformat 4.5 cell ids: 1–64 of [A-Za-z0-9-_], unique in the notebook. */
function uniqueIds(): (wanted: string) => string {
  const used = new Set<string>();
  return (wanted) => {
    const base = wanted.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 56) || 'cell';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

const markdownCellId = (line: number): string => `md-${line}`;

/** The cells in display order: the lesson's Markdown and code, with the student's additions. */
export function exportCells(lesson: Lesson, state: StudentState): ExportCell[] {
  const cells: ExportCell[] = [];
  const lessonIds = new Set<string>(lesson.blocks.flatMap((b) => (b.kind === 'code' ? [b.id] : [])));
  const lastCode = lesson.blocks.findLastIndex((b) => b.kind === 'code');
  let seenCode = false;
  lesson.blocks.forEach((block, i) => {
    if (block.kind === 'markdown') {
      cells.push({
        kind: 'markdown',
        id: markdownCellId(block.line),
        source: block.source.replace(/\s+$/, ''),
        fromLesson: true,
        line: block.line,
      });
      return;
    }
    if (!seenCode) cells.push(...addedAfter(state, null).map((a) => addedCell(state, a)));
    seenCode = true;
    cells.push(...lessonCell(state, block.id, block.source));
    cells.push(...addedAfter(state, block.id, i === lastCode ? lessonIds : undefined).map((a) => addedCell(state, a)));
  });
  return cells;
}

export function toIpynb(lesson: Lesson, state: StudentState, deps: IpynbDeps): Ipynb {
  const id = uniqueIds();
  const title: IpynbCell = {
    cell_type: 'markdown',
    id: id('title'),
    metadata: { qlab: { role: TITLE_ROLE } },
    source: lines(`# ${escapeRawHtml(lesson.title)}`),
  };
  const codeBlocks = new Map<string, CodeBlock>(lesson.blocks.flatMap((b) => (b.kind === 'code' ? [[b.id, b] as const] : [])));
  // The Markdown block right after an exercise cell starts with its hint/solution/check fences (LESSON_FORMAT.md).
  const exerciseBefore = new Map<string, CodeBlock>();
  lesson.blocks.forEach((b, i) => {
    const prev = lesson.blocks[i - 1];
    if (b.kind === 'markdown' && prev?.kind === 'code' && prev.attrMap['exercise'] === true)
      exerciseBefore.set(markdownCellId(b.line), prev);
  });
  const written = new Map<string, { cell: Extract<IpynbCell, { cell_type: 'code' }>; qlab: QlabCode }>();
  const cells: IpynbCell[] = [];
  for (const c of exportCells(lesson, state)) {
    if (c.kind === 'code') {
      const block = codeBlocks.get(c.id);
      const qlab: QlabCode | null =
        block === undefined ? null : { attrs: block.attrs, ...(block.expected !== undefined && { expected: block.expected }) };
      const cell: IpynbCell = {
        cell_type: 'code',
        id: id(c.id),
        metadata: qlab === null ? {} : { qlab },
        source: lines(c.source),
        execution_count: c.execCount,
        outputs: toIpynbOutputs(c.outputs, c.execCount, deps),
      };
      cells.push(cell);
      if (qlab !== null) written.set(c.id, { cell, qlab });
      continue;
    }
    if (c.fromLesson !== true) {
      // A Markdown cell the student added: theirs, written as it is (raw HTML shown as text).
      cells.push({ cell_type: 'markdown', id: id(c.id), metadata: {}, source: lines(escapeRawHtml(c.source)) });
      continue;
    }
    const ex = exerciseBefore.get(c.id);
    const exercise = ex === undefined ? null : { studentSource: state.sources[ex.id] ?? ex.source };
    const out = exportMarkdownBlock(c.source, {
      exercise,
      line: c.line ?? 1,
      ...(deps.lessonUrl !== undefined && { lessonUrl: deps.lessonUrl }),
      ...(deps.figure !== undefined && { figure: deps.figure }),
    });
    // Checks go on the exercise's code cell (none if the student deleted it).
    const target = ex === undefined ? undefined : written.get(ex.id);
    if (target !== undefined && out.checks.length > 0)
      target.cell.metadata = { qlab: { ...target.qlab, check: out.checks } satisfies QlabCode };
    out.cells.forEach((m, k) =>
      cells.push({
        cell_type: 'markdown',
        id: id(`${c.id}-${k + 1}`),
        metadata: { qlab: m.piece },
        source: lines(m.source),
        ...(m.attachments !== undefined && { attachments: m.attachments }),
      }),
    );
  }
  const frontMatter = Object.fromEntries(
    Object.entries(lesson.frontMatter).filter(
      ([k, v]) => k !== 'title' && k !== 'start' && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'),
    ),
  );
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' },
      language_info: {
        name: 'typescript',
        file_extension: '.ts',
        mimetype: 'text/typescript',
        codemirror_mode: { name: 'javascript', typescript: true },
      },
      title: lesson.title,
      quantization_lab: {
        lesson: lesson.id,
        lesson_hash: lesson.hash,
        front_matter: frontMatter,
        note: 'Cells use the Quantization Lab kernel (print, display, torch); run them in the app. Exercise solutions are not included.',
      },
    },
    cells: [title, ...cells],
  };
}
