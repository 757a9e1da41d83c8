// The student's notebook → a lesson file (LESSON_FORMAT.md) via
// serializeLesson: their code replaces the lesson's, the text their cells
// printed becomes the `output` fences, deleted cells are left out and added
// cells become ordinary cells. Re-importing the file and exporting it again
// gives the same text byte for byte.
import { outputText } from '../notebook/cell-runtime.ts';
import { serializeLesson, type CellEdit } from '../lesson/index.ts';
import type { CodeBlock, Lesson, LessonBlock, MarkdownBlock } from '../lesson/types.ts';
import type { AddedCell } from '../notebook/structure.ts';
import type { CellId } from '../shared/brand.ts';
import { addedAfter, hasRun, type StudentState } from './document.ts';

/** The output fence a cell should get, or undefined to keep the lesson's. */
function expectedOf(state: StudentState, id: CellId, lessonExpected: string | undefined): string | undefined {
  if (!hasRun(state, id)) return undefined;
  const text = outputText(state.cells[id]?.outputs ?? []);
  // A cell that printed nothing and had no output fence stays without one.
  return text === '' && lessonExpected === undefined ? undefined : text;
}

/** Does the text written so far end with a blank line (so a new fence can start)? */
function endsBlank(text: string): boolean {
  return text === '' || /(\r?\n)[ \t]*\r?\n$/.test(text);
}

function blockText(b: LessonBlock): string {
  return b.kind === 'markdown'
    ? b.source
    : b.raw.open +
        b.raw.body +
        b.raw.close +
        (b.raw.output === undefined ? '' : b.raw.output.gap + b.raw.output.open + b.raw.output.body + b.raw.output.close) +
        b.raw.trailing;
}

export function toLessonMarkdown(lesson: Lesson, state: StudentState): string {
  const eol = lesson.eol;
  const edits = new Map<CellId, CellEdit>();
  const blocks: LessonBlock[] = [];
  let tail = lesson.frontMatterRaw;
  const emit = (b: LessonBlock) => {
    blocks.push(b);
    tail = blockText(b);
  };
  const emitAdded = (added: readonly AddedCell[]) => {
    for (const a of added) {
      const source = state.sources[a.id] ?? '';
      const gap = endsBlank(tail) ? '' : /\n$/.test(tail) ? eol : eol + eol;
      if (a.kind === 'markdown') {
        emit({
          kind: 'markdown',
          source: gap + source.replace(/\s+$/, '').split(/\r?\n/).join(eol) + eol + eol,
          line: 0,
        } satisfies MarkdownBlock);
        continue;
      }
      const block: CodeBlock = {
        kind: 'code',
        id: a.id,
        index: 0,
        source: '',
        attrs: [],
        attrMap: {},
        line: 0,
        raw: { open: `${gap}\`\`\`ts${eol}`, body: '', close: `\`\`\`${eol}`, trailing: eol },
      };
      const expected = expectedOf(state, a.id, undefined);
      edits.set(a.id, { source, ...(expected !== undefined && { expected }) });
      emit(block);
    }
  };

  const lessonIds = new Set<string>(lesson.blocks.flatMap((b) => (b.kind === 'code' ? [b.id] : [])));
  const lastCode = lesson.blocks.findLastIndex((b) => b.kind === 'code');
  let seenCode = false;
  /** Cells added under an exercise wait until its hint/solution/check fences (the next Markdown block) are out. */
  let held: AddedCell[] = [];
  lesson.blocks.forEach((block, i) => {
    if (block.kind === 'markdown') {
      emit(block);
      emitAdded(held);
      held = [];
      return;
    }
    if (!seenCode) emitAdded(addedAfter(state, null));
    seenCode = true;
    emitAdded(held);
    held = [];
    if (!state.structure.deleted.includes(block.id)) {
      const source = state.sources[block.id];
      const expected = expectedOf(state, block.id, block.expected);
      const edit: CellEdit = {
        ...(source !== undefined && source !== block.source && { source }),
        ...(expected !== undefined && expected !== block.expected && { expected }),
      };
      if (edit.source !== undefined || edit.expected !== undefined) edits.set(block.id, edit);
      emit(block);
    }
    const after = addedAfter(state, block.id, i === lastCode ? lessonIds : undefined);
    if (block.attrMap['exercise'] === true && lesson.blocks[i + 1]?.kind === 'markdown') held = after;
    else emitAdded(after);
  });
  emitAdded(held);
  return serializeLesson({ ...lesson, blocks }, edits);
}
