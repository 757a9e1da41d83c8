import { Fragment, useSyncExternalStore } from 'react';
import type { ExerciseMaterial } from '../../notebook/lesson-page.ts';
import type { NotebookCell } from '../../notebook/lesson-view.ts';
import { cellGroups } from '../../notebook/cell-groups.ts';
import type { AddedCell } from '../../notebook/structure.ts';
import type { CellId } from '../../shared/brand.ts';
import { Cell } from '../Cell.tsx';
import { useStructure } from '../notebook-context.ts';
import { InsertBar } from './InsertBar.tsx';
import { insertTargets, subscribeInsertTargets } from './insert-target.ts';
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
  const { lesson, structure } = useStructure();
  const groups = lesson === null ? null : cellGroups(lesson, structure);
  const mine = groups === null ? [] : [...(groups.under.get(cell?.id ?? null) ?? []), ...(orphans ? groups.orphans : [])];
  // The page's insert bars (at most two) that are under this group's cells, as one string (so a move re-renders a few groups only).
  const barsHere = useSyncExternalStore(subscribeInsertTargets, () => {
    const t = insertTargets();
    return [cell?.id, ...mine.map((a) => a.id)].filter((id) => id !== undefined && t.includes(id)).join(' ');
  });
  const barUnder = (id: CellId) => barsHere.split(' ').includes(id);
  if (groups === null) return null;
  const labelOf = (a: AddedCell) => groups.labels.get(a.id) ?? 'New cell';
  const deleted = cell !== null && groups.deleted.has(cell.id);
  return (
    <>
      {cell !== null && !deleted && (
        <>
          <Cell cell={cell} python={python} exercise={exercise} names={names} renderMarkdown={renderMarkdown} focusNext={focusNext} />
          {barUnder(cell.id) && <InsertBar below={cell.id} label={`Cell ${cell.index}`} />}
        </>
      )}
      {mine.map((a) => (
        <Fragment key={a.id}>
          {a.kind === 'markdown' ? (
            <MarkdownCell id={a.id} label={labelOf(a)} renderMarkdown={renderMarkdown} />
          ) : (
            <Cell
              cell={{ id: a.id, index: 0, source: '', attrs: [], timeoutSeconds: null }}
              label={labelOf(a)}
              python={null}
              exercise={null}
              names={names}
              renderMarkdown={renderMarkdown}
              focusNext={focusNext}
            />
          )}
          {barUnder(a.id) && <InsertBar below={a.id} label={labelOf(a)} />}
        </Fragment>
      ))}
    </>
  );
}
