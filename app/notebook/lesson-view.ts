// The notebook's view of a parsed lesson: only what the store needs.
import type { CellId, LessonId } from '../shared/brand.ts';

export interface NotebookCell {
  readonly id: CellId;
  /** 1-based position among the lesson's code cells. */
  readonly index: number;
  /** The lesson's original code. */
  readonly source: string;
  readonly attrs: readonly string[];
  readonly timeoutSeconds: number | null;
  /** The lesson's `id=` attribute, if any: the cell's identity across lesson versions (edit-matcher.ts). */
  readonly key?: string;
}

export interface NotebookLesson {
  readonly id: LessonId;
  readonly hash: string;
  readonly title: string;
  readonly cells: readonly NotebookCell[];
}
