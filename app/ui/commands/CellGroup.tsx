import type { ExerciseMaterial } from '../../notebook/lesson-page.ts';
import type { NotebookCell } from '../../notebook/lesson-view.ts';
import { orderCells, type AddedCell } from '../../notebook/structure.ts';
import type { CellId } from '../../shared/brand.ts';
import { Cell } from '../Cell.tsx';
import { useNotebook } from '../notebook-context.ts';
import { MarkdownCell } from './MarkdownCell.tsx';

export interface CellGroupProps {
  /** The lesson cell; null renders only the cells added before the first lesson cell. */
  readonly cell: NotebookCell | null;
  readonly python: string | null;
  readonly exercise: ExerciseMaterial | null;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
  readonly focusNext: (id: CellId) => void;
  /** Also render added cells whose anchor cell the lesson no longer has (the last group). */
  readonly orphans?: boolean;
}

/** A lesson cell (unless the student deleted it) followed by the cells the student added under it. */
export function CellGroup({ cell, python, exercise, names, renderMarkdown, focusNext, orphans = false }: CellGroupProps) {
  const structure = useNotebook((s) => s.structure);
  const lesson = useNotebook((s) => s.lesson);
  if (lesson === null) return null;
  const order = orderCells(lesson, structure);
  const added = order.flatMap((c) => (c.kind === 'added' ? [c.cell] : []));
  const labelOf = (a: AddedCell) => `New cell ${added.indexOf(a) + 1}`;
  const lessonIds = new Set<string>(lesson.cells.map((c) => c.id));
  const mine = structure.added.filter((a) => a.after === (cell?.id ?? null) || (orphans && a.after !== null && !lessonIds.has(a.after)));
  const deleted = cell !== null && structure.deleted.includes(cell.id);
  return (
    <>
      {cell !== null && !deleted && <Cell cell={cell} python={python} exercise={exercise} names={names} renderMarkdown={renderMarkdown} focusNext={focusNext} />}
      {mine.map((a) =>
        a.kind === 'markdown' ? (
          <MarkdownCell key={a.id} id={a.id} label={labelOf(a)} renderMarkdown={renderMarkdown} />
        ) : (
          <Cell key={a.id} cell={{ id: a.id, index: 0, source: '', attrs: [], timeoutSeconds: null }} label={labelOf(a)} python={null} exercise={null}
            names={names} renderMarkdown={renderMarkdown} focusNext={focusNext} />
        ),
      )}
    </>
  );
}
