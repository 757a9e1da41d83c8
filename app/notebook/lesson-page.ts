// A lesson ready to show: the notebook view (cells) plus rendered Markdown.
import type { CellId } from '../shared/brand.ts';
import type { NotebookLesson } from './lesson-view.ts';

export type PageBlock =
  | { readonly kind: 'markdown'; readonly html: string }
  | { readonly kind: 'code'; readonly cellId: CellId; readonly python: string | null };

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
}

export interface LessonLoadError {
  readonly path: string;
  readonly line: number;
  readonly message: string;
}
