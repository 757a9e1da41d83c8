// A Jupyter notebook (nbformat 4, as JSON text) → lesson-format text, which
// then opens like any imported lesson. Read as data only: nothing in the
// file is evaluated. Three kinds of notebook:
// - our own export (cells carry `qlab` metadata, ipynb-meta.ts): the lesson's
//   cells, exercises, hints and checks come back;
// - a TypeScript/JavaScript notebook (tslab, Deno): code cells become cells;
// - a Python notebook: each code cell is shown read-only as the PyTorch
//   original of an empty TypeScript cell, under a note saying so.
// Foreign Markdown is neutralised so it can never become a cell, exercise
// fence, figure or admonition of the lesson format (neutralMarkdown).
import { stringify as toYaml } from 'yaml';
import { serializeLesson, type CellEdit } from '../lesson/index.ts';
import type { CodeBlock, Lesson, LessonBlock } from '../lesson/types.ts';
import { cellId, lessonId, type CellId } from '../shared/brand.ts';
import { isTitleCell, readCode, readFrontMatter, readPiece } from './ipynb-meta.ts';
import { jsonProblem } from './json-where.ts';
import { fenced } from './markdown-html.ts';

export const MAX_IPYNB_BYTES = 20 * 1024 * 1024;

export const PYTHON_NOTE =
  "This notebook's code is Python; its cells are shown read-only beside empty TypeScript cells, for you to write each one with this app's `torch`.";

/** A solution our export left out: the imported exercise still needs one, and says where the real one is. */
export const SOLUTION_LEFT_OUT = '// The solution was not exported with this notebook: open the lesson in Quantization Lab to see it.';

export type NotebookLesson =
  | {
      readonly ok: true;
      readonly text: string;
      /** The 1-based notebook cell a lesson line came from (null: the note or front matter). */ readonly cellAt: (
        line: number,
      ) => number | null;
    }
  | { readonly ok: false; readonly message: string };

type Language = 'typescript' | 'python';
interface NbCell {
  readonly type: 'markdown' | 'code' | 'raw';
  readonly source: string;
  readonly metadata: unknown;
  readonly outputs: readonly unknown[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  typeof v === 'string' ? v : Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.join('') : null;

/** Reads `json` (the file's text) as a notebook; `fileName` names it in messages and gives a title if it has none. */
export function ipynbToLesson(json: string, fileName: string): NotebookLesson {
  const fail = (why: string): NotebookLesson => ({ ok: false, message: `“${fileName}” ${why}` });
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    const p = jsonProblem(json);
    return fail(p === null ? 'is not valid JSON.' : `is not valid JSON: at line ${p.line}, column ${p.column}, ${p.message}.`);
  }
  if (!isRecord(data)) return fail('is JSON but not a Jupyter notebook (a notebook is a JSON object with "cells").');
  const nbformat = data['nbformat'];
  if ('worksheets' in data || (typeof nbformat === 'number' && nbformat < 4))
    return fail(
      `is an nbformat ${typeof nbformat === 'number' ? nbformat : 3} notebook: nbformat 3 notebooks are not supported: open and re-save it in Jupyter 4+.`,
    );
  if (nbformat !== 4)
    return fail(
      typeof nbformat === 'number'
        ? `is an nbformat ${nbformat} notebook; only nbformat 4 notebooks can be imported.`
        : 'is JSON but not a Jupyter notebook (it has no "nbformat": 4).',
    );
  if (!Array.isArray(data['cells'])) return fail('is not a complete notebook: it has no list of "cells".');
  const cells: NbCell[] = [];
  for (const [i, c] of data['cells'].entries()) {
    const type = isRecord(c) ? c['cell_type'] : undefined;
    const source = isRecord(c) ? text(c['source']) : null;
    if (type !== 'markdown' && type !== 'code' && type !== 'raw')
      return fail(`has a cell ${i + 1} that is not a Markdown, code or raw cell.`);
    if (source === null || !isRecord(c)) return fail(`has a cell ${i + 1} whose source is not text.`);
    cells.push({ type, source, metadata: c['metadata'], outputs: Array.isArray(c['outputs']) ? c['outputs'] : [] });
  }
  const language = languageOf(data['metadata']);
  if (language.kind === 'other')
    return fail(`is a ${language.name} notebook; only TypeScript, JavaScript and Python notebooks can be imported.`);
  return {
    ok: true,
    ...write(cells, language.kind, language.named, titleOf(data['metadata'], cells, fileName), readFrontMatter(data['metadata'])),
  };
}

function languageOf(metadata: unknown): { kind: Language; named: boolean } | { kind: 'other'; name: string } {
  const info = isRecord(metadata) ? metadata['language_info'] : undefined;
  const spec = isRecord(metadata) ? metadata['kernelspec'] : undefined;
  const name = (
    isRecord(info) && typeof info['name'] === 'string'
      ? info['name']
      : isRecord(spec) && typeof spec['language'] === 'string'
        ? spec['language']
        : ''
  ).trim();
  const lower = name.toLowerCase();
  if (lower === '') return { kind: 'python', named: false };
  if (['typescript', 'ts', 'javascript', 'js'].includes(lower)) return { kind: 'typescript', named: true };
  if (lower === 'python' || lower === 'python3') return { kind: 'python', named: true };
  return { kind: 'other', name: name.slice(0, 40) };
}

/** Metadata title, else our title cell or a leading `# Heading` (taken out of the cell), else the file name. */
function titleOf(metadata: unknown, cells: NbCell[], fileName: string): string {
  const first = cells[0];
  const heading = first?.type === 'markdown' ? /^#[ \t]+(.+?)[ \t#]*(?:\r?\n|$)/.exec(first.source) : null;
  if (first !== undefined && heading !== null) {
    if (isTitleCell(first.metadata) || first.source.slice(heading[0].length).trim() === '') cells.shift();
    else cells[0] = { ...first, source: first.source.slice(heading[0].length) };
  }
  const meta = isRecord(metadata) && typeof metadata['title'] === 'string' ? metadata['title'].trim() : '';
  const title = meta !== '' ? meta : (heading?.[1]?.replace(/&lt;/g, '<').trim() ?? '');
  return title !== '' ? title.slice(0, 200) : (fileName.split(/[\\/]/).pop() ?? 'Notebook').replace(/\.ipynb$/i, '') || 'Notebook';
}

/** Jupyter outputs → the text the cell printed, as the lesson format writes it (prints, last value, `Name: message`). */
export function printedText(outputs: readonly unknown[]): string | null {
  const parts: string[] = [];
  for (const o of outputs) {
    if (!isRecord(o)) continue;
    if (o['output_type'] === 'stream') parts.push((text(o['text']) ?? '').replace(/\n$/, ''));
    else if (o['output_type'] === 'execute_result' && isRecord(o['data'])) parts.push(text(o['data']['text/plain']) ?? '');
    else if (o['output_type'] === 'error') parts.push(`${String(o['ename'])}: ${String(o['evalue'])}`);
  }
  return parts.length === 0 ? null : parts.join('\n');
}

const RESERVED_INFO = /^(ts|output|hint|solution|check|figure|notes)(\s|$)|^python\s+original(\s|$)/;
const FENCE_OPEN = /^((?:[ \t]*(?:>|[*+-]|\d{1,9}[.)])?)*?[ \t]*)(`{3,}|~{3,})(.*)$/;

/**
 * Markdown from outside the app, made inert for the lesson format: fences
 * whose info means something to a lesson (```ts, ```hint, ```figure …) get a
 * plain info (`typescript`/`text`), `:::` lines are escaped. Raw HTML needs
 * nothing: lesson Markdown shows it as text.
 */
export function neutralMarkdown(source: string): string {
  let fence: string | null = null;
  return source
    .split(/(?<=\n)/)
    .map((line) => {
      const m = FENCE_OPEN.exec(line.replace(/\r?\n$/, ''));
      if (fence !== null) {
        if (m !== null && m[2]![0] === fence[0] && m[2]!.length >= fence.length && m[3]!.trim() === '') fence = null;
        return line;
      }
      if (m !== null && !(m[2]![0] === '`' && m[3]!.includes('`'))) {
        fence = m[2]!;
        const info = m[3]!.trim();
        if (!RESERVED_INFO.test(info)) return line;
        return `${m[1]}${m[2]}${info.startsWith('ts') ? 'typescript' : 'text'}${/\r?\n$/.exec(line)?.[0] ?? ''}`;
      }
      return line.replace(/^([ \t>]*):::/, '$1\\:::');
    })
    .join('');
}

const prose = (s: string): string => `${s.replace(/\s+$/, '')}\n\n`;

function write(
  cells: readonly NbCell[],
  language: Language,
  named: boolean,
  title: string,
  frontMatter: Record<string, string | number | boolean>,
) {
  const id = lessonId('imported');
  const blocks: LessonBlock[] = [];
  const owner: (number | null)[] = [];
  const edits = new Map<CellId, CellEdit>();
  const markdown = (source: string, cell: number | null) => {
    blocks.push({ kind: 'markdown', source, line: 0 });
    owner.push(cell);
  };
  const code = (attrs: readonly string[], source: string, expected: string | null, cell: number) => {
    const cid = cellId(`imported/c${edits.size + 1}`);
    const block: CodeBlock = {
      kind: 'code',
      id: cid,
      index: edits.size + 1,
      source: '',
      attrs,
      attrMap: {},
      line: 0,
      raw: { open: `\`\`\`${['ts', ...attrs].join(' ')}\n`, body: '', close: '```\n', trailing: '\n' },
    };
    edits.set(cid, { source, ...(expected !== null && { expected }) });
    blocks.push(block);
    owner.push(cell);
  };
  if (language === 'python')
    markdown(
      `:::note ${named ? 'Python notebook' : 'Notebook without a language'}\n${named ? PYTHON_NOTE : `This notebook does not say its language, so it is read as Python: ${PYTHON_NOTE.replace(/^This notebook's code is Python; /, '')}`}\n:::\n\n`,
      null,
    );

  cells.forEach((cell, i) => {
    const n = i + 1;
    if (cell.type === 'raw') return markdown(fenced('text', cell.source) + '\n', n);
    if (cell.type === 'markdown') {
      if (cell.source.trim() === '') return;
      const piece = readPiece(cell.metadata, cell.source);
      return markdown(piece !== null ? prose(piece.lesson) : prose(neutralMarkdown(cell.source)), n);
    }
    if (language === 'python') {
      if (cell.source.trim() === '') return;
      markdown(fenced('python original', cell.source) + '\n', n);
      return code([], '', null, n);
    }
    const ours = readCode(cell.metadata);
    const printed = printedText(cell.outputs);
    const checks = ours?.check ?? [];
    // An exercise needs its checks: without them (a tool stripped the metadata) it is an ordinary cell.
    const attrs = (ours?.attrs ?? []).filter((a) => a !== 'exercise' || checks.length > 0);
    code(attrs, cell.source.replace(/\r?\n$/, ''), printed ?? ours?.expected ?? null, n);
    if (!attrs.includes('exercise')) return;
    const revealed = laterPieces(cells, i).some((p) => p === 'solution');
    const fences = [...(revealed ? [] : [fenced('solution', SOLUTION_LEFT_OUT)]), ...checks.map((c) => fenced('check', c))];
    markdown(fences.join('\n') + '\n', n);
  });
  const lesson: Lesson = {
    id,
    path: 'imported/notebook.md',
    title,
    frontMatter: {},
    hash: '',
    blocks,
    sections: [],
    eol: '\n',
    frontMatterRaw: `---\n${toYaml({ title, ...frontMatter }, { lineWidth: 0 })}---\n\n`,
  };
  const textOut = serializeLesson(lesson, edits);
  // Line → notebook cell: serialise block by block and count the lines each one takes.
  const starts: { line: number; cell: number | null }[] = [];
  let line = lesson.frontMatterRaw.split('\n').length;
  blocks.forEach((b, k) => {
    starts.push({ line, cell: owner[k] ?? null });
    line += serializeLesson({ ...lesson, frontMatterRaw: '', blocks: [b] }, edits).split('\n').length - 1;
  });
  const cellAt = (at: number): number | null => starts.findLast((s) => s.line <= at)?.cell ?? null;
  return { text: textOut, cellAt };
}

/** The kinds of our own lesson pieces (hints, a revealed solution) right after cell `i`. */
function laterPieces(cells: readonly NbCell[], i: number): string[] {
  const kinds: string[] = [];
  for (const cell of cells.slice(i + 1)) {
    const piece = cell.type === 'markdown' ? readPiece(cell.metadata, cell.source) : null;
    if (piece === null || (piece.kind !== 'hint' && piece.kind !== 'solution')) break;
    kinds.push(piece.kind);
  }
  return kinds;
}
