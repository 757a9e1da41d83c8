// Lesson → Markdown text in the lesson format. Without edits the result is
// the parsed file byte for byte; with edits only the edited cells' code or
// output fences change.
import type { CellId } from '../shared/brand.ts';
import { ESCAPED_WORD, escapeOutput, needsEscape } from './output-escape.ts';
import type { CodeBlock, Lesson } from './types.ts';

export interface CellEdit {
  /** New code for the cell (lines joined with '\n'). */
  readonly source?: string;
  /** New expected output; null removes the cell's output fence. */
  readonly expected?: string | null;
}

export function serializeLesson(lesson: Lesson, edits: ReadonlyMap<CellId, CellEdit> = new Map()): string {
  let text = lesson.frontMatterRaw;
  for (const block of lesson.blocks) {
    if (block.kind === 'markdown') text += block.source;
    else text += cellText(block, edits.get(block.id), lesson.eol);
  }
  return text;
}

const endsWithBreak = (s: string): boolean => /[\r\n]$/.test(s);

function writeLines(text: string, eol: string): string {
  if (text === '') return '';
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line + eol)
    .join('');
}

/**
 * A fence of `marker` that stays open over `text`: lengthened when a line of
 * the text could close it (```` ``` ```` inside code or output).
 */
function safeMarker(marker: string, text: string): string {
  const char = marker[0] ?? '`';
  let longest = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const run = /^[ \t]*([`~]+)/.exec(line)?.[1] ?? '';
    if (run[0] === char) longest = Math.max(longest, run.length);
  }
  return longest >= marker.length ? char.repeat(longest + 1) : marker;
}

const markerOf = (openLine: string): string => /^[ \t]*(`{3,}|~{3,})/.exec(openLine)?.[1] ?? '```';

/** Re-fences `open`…`close` for new content, keeping the original lines when they still fit. */
function refence(open: string, close: string, content: string, eol: string): [string, string] {
  const marker = markerOf(open);
  const safe = safeMarker(marker, content);
  if (safe === marker) return [open, close];
  const indent = /^[ \t]*/.exec(open)?.[0] ?? '';
  return [open.replace(marker, safe), indent + safe + (endsWithBreak(close) ? eol : '')];
}

function cellText(block: CodeBlock, edit: CellEdit | undefined, eol: string): string {
  const raw = block.raw;
  let { open, body, close } = raw;
  if (edit?.source !== undefined) {
    body = writeLines(edit.source, eol);
    [open, close] = refence(open, close, edit.source, eol);
  }
  let output = raw.output === undefined ? '' : raw.output.gap + raw.output.open + raw.output.body + raw.output.close;
  if (edit?.expected === null) output = '';
  else if (edit?.expected !== undefined) {
    const old = raw.output;
    // Text a Markdown file cannot hold as it is (NUL, CR, ANSI escapes) is written escaped, and read back unescaped.
    const escaped = needsEscape(edit.expected);
    const written = escaped ? escapeOutput(edit.expected) : edit.expected;
    const [fenceOpen, outClose] = refence(old?.open ?? '```output' + eol, old?.close ?? '```' + eol, written, eol);
    const outOpen = fenceOpen.replace(/output(?:[ \t]+escaped)?/, escaped ? `output ${ESCAPED_WORD}` : 'output');
    output = (old?.gap ?? '') + outOpen + writeLines(written, eol) + outClose;
  }
  // A closing fence on the file's last line has no line break; an output written after it needs one.
  if (output !== '' && !endsWithBreak(close)) close += eol;
  return open + body + close + output + raw.trailing;
}
