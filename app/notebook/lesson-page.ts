// A lesson ready to show: the notebook view (cells) plus rendered Markdown,
// figures, and exercise material.
import type { CellId } from '../shared/brand.ts';
import type { NotebookLesson } from './lesson-view.ts';

/** Hints, solution and hidden checks of an exercise cell (```hint, ```solution, ```check after it). */
export interface ExerciseMaterial {
  readonly hints: readonly string[];
  readonly solution: string | null;
  readonly check: string | null;
}

export type PageBlock =
  | { readonly kind: 'markdown'; readonly html: string }
  | { readonly kind: 'code'; readonly cellId: CellId; readonly python: string | null; readonly exercise: ExerciseMaterial | null }
  /** ```figure NAME with an optional YAML body of options. */
  | { readonly kind: 'figure'; readonly name: string; readonly options: Readonly<Record<string, unknown>>; readonly line: number };

export interface LessonSection {
  readonly level: number;
  readonly text: string;
  readonly slug: string;
}

export interface LessonPage {
  readonly notebook: NotebookLesson;
  readonly path: string;
  readonly chapter: string | null;
  readonly blocks: readonly PageBlock[];
  readonly sections: readonly LessonSection[];
  /** For each exercise cell, the slug of the section it is in (for progress in the contents). */
  readonly exerciseSections: Readonly<Record<CellId, string>>;
  /** Speaker notes (```notes fences) as HTML, by section slug; '' is the part before the first heading. Shown only in the speaker view. */
  readonly notes: Readonly<Record<string, string>>;
  /**
   * Formulas in `blocks` left as placeholders (app/lesson/math-placeholder.ts): a big lesson's
   * first TYPESET_AT_ONCE formulas are typeset when it is built, the rest by the page in idle slices.
   */
  readonly pendingFormulas: number;
}

export interface LessonLoadError {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}
