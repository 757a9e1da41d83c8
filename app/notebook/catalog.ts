// Every lesson in lessons/, bundled as raw text at build time.
import type { LessonLoadError } from './lesson-page.ts';

export interface CatalogEntry {
  readonly id: string;
  readonly path: string;
  readonly title: string;
  readonly text: string;
  /** Non-empty when the file cannot be opened; the other lessons still load. */
  readonly errors: readonly LessonLoadError[];
  /** Front matter `start: true` marks the lesson the app opens first. */
  readonly start: boolean;
}

export interface LessonSummary {
  readonly title: string;
  readonly start: boolean;
  readonly errors: readonly LessonLoadError[];
}

/** Files keyed by path ("/lessons/00-welcome.md"), sorted by file name. */
export function buildCatalog(
  files: Readonly<Record<string, string>>,
  summarize: (text: string, path: string) => LessonSummary,
): CatalogEntry[] {
  return Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([absPath, text]) => {
      const path = absPath.replace(/^\//, '');
      const id = path.replace(/^.*\//, '').replace(/\.md$/, '');
      const summary = summarize(text, path);
      return { id, path, text, title: summary.title, errors: summary.errors, start: summary.start };
    });
}

export function startLesson(catalog: readonly CatalogEntry[], requested: string | null): string | null {
  if (requested !== null && catalog.some((e) => e.id === requested)) return requested;
  return (catalog.find((e) => e.start && e.errors.length === 0) ?? catalog.find((e) => e.errors.length === 0) ?? catalog[0])?.id ?? null;
}
