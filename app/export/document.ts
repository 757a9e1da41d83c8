// What an export sees: the lesson as the student has it now — their code,
// the cells they added and deleted, and each cell's last outputs — in
// display order. Markdown, ipynb and HTML are all written from this.
import type { CellOutput } from '../kernel/protocol.ts';
import type { CellRuntime } from '../notebook/cell-runtime.ts';
import type { AddedCell, Structure } from '../notebook/structure.ts';
import type { CellId } from '../shared/brand.ts';

/** The student's side of the notebook (a slice of the store's state). */
export interface StudentState {
  readonly sources: Readonly<Record<CellId, string>>;
  readonly cells: Readonly<Record<CellId, CellRuntime>>;
  readonly structure: Structure;
}

export type ExportCell =
  | {
      readonly kind: 'markdown';
      readonly id: string;
      readonly source: string;
      /** A block of the lesson's own Markdown (not a cell the student added). */ readonly fromLesson?: true;
      /** Its first line in the lesson file (lesson blocks). */ readonly line?: number;
    }
  | {
      readonly kind: 'code';
      readonly id: string;
      readonly source: string;
      readonly outputs: readonly CellOutput[];
      readonly execCount: number | null;
    };

/** A lesson cell as the student has it, or nothing if they deleted it. */
export function lessonCell(state: StudentState, id: CellId, lessonSource: string): ExportCell[] {
  if (state.structure.deleted.includes(id)) return [];
  return [codeCell(state, id, state.sources[id] ?? lessonSource)];
}

function codeCell(state: StudentState, id: CellId, source: string): ExportCell {
  const runtime = state.cells[id];
  return { kind: 'code', id, source, outputs: runtime?.outputs ?? [], execCount: runtime?.execCount ?? null };
}

export function addedCell(state: StudentState, a: AddedCell): ExportCell {
  const source = state.sources[a.id] ?? '';
  return a.kind === 'markdown' ? { kind: 'markdown', id: a.id, source } : codeCell(state, a.id, source);
}

/**
 * The cells the student added after lesson cell `after` (null: before the
 * first). With `orphansOf`, also those whose anchor the lesson no longer has.
 */
export function addedAfter(state: StudentState, after: CellId | null, orphansOf?: ReadonlySet<string>): AddedCell[] {
  return state.structure.added.filter((a) => a.after === after || (orphansOf !== undefined && a.after !== null && !orphansOf.has(a.after)));
}

/** Has the cell run since the lesson opened (so its outputs say something)? */
export const hasRun = (state: StudentState, id: CellId): boolean => {
  const status = state.cells[id]?.status;
  return status === 'ok' || status === 'error';
};
