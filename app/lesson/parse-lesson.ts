// Lesson file → Lesson: front matter, then markdown blocks and code cells in
// document order. Every block keeps its raw text so serializeLesson can write
// the file back unchanged.
import { ESCAPED_WORD, unescapeOutput } from './output-escape.ts';
import { cellId, lessonId, type CellId, type LessonId } from '../shared/brand.ts';
import { parseCellAttrs } from './attrs.ts';
import { readFrontMatter } from './front-matter.ts';
import { fnv1a64 } from './hash.ts';
import { isBlank, splitLines } from './lines.ts';
import { lessonSections } from './render.ts';
import { scanBody, type TopFence } from './scan.ts';
import type { CellRaw, CodeBlock, LessonBlock, LessonError, ParseResult } from './types.ts';

/** `lessons/00-welcome.md` → `00-welcome`. */
export function lessonIdFromPath(path: string): LessonId {
  const name = path.split(/[\\/]/).pop() ?? path;
  return lessonId(name.replace(/\.[^.]*$/, ''));
}

/** Cell ids are unique across lessons (`00-welcome/c1`) so saved edits and outputs cannot collide. */
export function cellIdFor(lesson: LessonId, index: number): CellId {
  return cellId(`${lesson}/c${index}`);
}

/** "lessons/foo.md:3: message", the way compilers print it. */
export function formatLessonError(error: LessonError): string {
  return `${error.path}:${error.line}: ${error.message}`;
}

const dropFinalBreak = (content: string): string => content.replace(/\n$/, '');

export function parseLesson(text: string, path: string): ParseResult {
  const lines = splitLines(text);
  const errors: LessonError[] = [];
  const report = (line: number, message: string): void => void errors.push({ path, line, message });
  const fail = (): ParseResult => ({ ok: false, errors: errors.sort((a, b) => a.line - b.line) });

  const front = readFrontMatter(lines);
  for (const p of front.problems) report(p.line, p.message);
  if (!front.ok) return fail();

  const scan = scanBody(lines, front.bodyStart);
  for (const p of scan.problems) report(p.line, p.message);

  const id = lessonIdFromPath(path);
  const slice = (from: number, to: number): string => lines.slice(from, to).join('');
  // Blank lines after the front matter or a cell stay with it, so no markdown block is blank-only.
  const skipBlank = (from: number): number => {
    let i = from;
    while (i < lines.length && isBlank(lines[i] ?? '')) i++;
    return i;
  };

  let cursor = skipBlank(front.bodyStart);
  const frontMatterRaw = slice(0, cursor);
  const blocks: LessonBlock[] = [];
  let cellCount = 0;

  scan.top.forEach((item, i) => {
    if (item.kind === 'other') return;
    if (item.kind === 'output') {
      const previous = scan.top[i - 1];
      const attached = previous?.kind === 'cell' && lines.slice(previous.end, item.start).every(isBlank);
      if (!attached) report(item.start + 1, 'output fence must directly follow a ts code cell (only blank lines may come between)');
      return;
    }
    if (cursor < item.start) blocks.push({ kind: 'markdown', source: slice(cursor, item.start), line: cursor + 1 });
    const following = scan.top[i + 1];
    const output = following?.kind === 'output' && lines.slice(item.end, following.start).every(isBlank) ? following : undefined;
    const end = output?.end ?? item.end;
    cursor = skipBlank(end);
    cellCount += 1;
    blocks.push(codeBlock(item, output, cellCount, id, lines, slice(end, cursor), report));
  });
  if (cursor < lines.length) blocks.push({ kind: 'markdown', source: slice(cursor, lines.length), line: cursor + 1 });
  reportDuplicateCellIds(blocks, report);

  if (errors.length > 0) return fail();
  const chapter = front.chapter === undefined ? {} : { chapter: front.chapter };
  return {
    ok: true,
    lesson: {
      id,
      path,
      title: front.title,
      ...chapter,
      frontMatter: front.data,
      hash: fnv1a64(text),
      blocks,
      sections: lessonSections(blocks),
      frontMatterRaw,
      eol: text.includes('\r\n') ? '\r\n' : '\n',
    },
  };
}

/** An output fence's text: as written, or unescaped (```output escaped). */
function outputText(output: TopFence): string {
  const text = dropFinalBreak(output.content);
  return output.words.includes(ESCAPED_WORD) ? unescapeOutput(text) : text;
}

/** `id=` names one cell: a second cell with the same id is an error (saved edits could not tell them apart). */
function reportDuplicateCellIds(blocks: readonly LessonBlock[], report: (line: number, message: string) => void): void {
  const seen = new Map<string, number>();
  for (const b of blocks) {
    const id = b.kind === 'code' ? b.attrMap['id'] : undefined;
    if (typeof id !== 'string') continue;
    const first = seen.get(id);
    if (first === undefined) seen.set(id, b.line);
    else report(b.line, `cell id '${id}' is already used by the cell on line ${first}`);
  }
}

function codeBlock(
  cell: TopFence,
  output: TopFence | undefined,
  index: number,
  lesson: LessonId,
  lines: readonly string[],
  trailing: string,
  report: (line: number, message: string) => void,
): CodeBlock {
  const attrs = parseCellAttrs(cell.words);
  for (const problem of attrs.problems) report(cell.start + 1, problem);
  const piece = (from: number, to: number): string => lines.slice(from, to).join('');
  const raw: CellRaw = {
    open: piece(cell.start, cell.start + 1),
    body: piece(cell.start + 1, cell.end - 1),
    close: piece(cell.end - 1, cell.end),
    trailing,
    ...(output && {
      output: {
        gap: piece(cell.end, output.start),
        open: piece(output.start, output.start + 1),
        body: piece(output.start + 1, output.end - 1),
        close: piece(output.end - 1, output.end),
      },
    }),
  };
  return {
    kind: 'code',
    id: cellIdFor(lesson, index),
    index,
    source: dropFinalBreak(cell.content),
    attrs: attrs.attrs,
    attrMap: attrs.attrMap,
    ...(attrs.timeoutSeconds !== undefined && { timeoutSeconds: attrs.timeoutSeconds }),
    ...(attrs.online && { online: true as const }),
    ...(output && { expected: outputText(output), outputLine: output.start + 1 }),
    line: cell.start + 1,
    raw,
  };
}
