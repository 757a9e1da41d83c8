// Importing a lesson file: checks that need no parsing (name, size, text),
// the id an imported lesson gets, and the session's list of imported lessons
// (sessionStorage: they stay in the lesson picker until the tab closes).
import type { KeyValueStorage } from '../notebook/persistence.ts';
import { ipynbToLesson, MAX_IPYNB_BYTES } from './ipynb-import.ts';

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

const isNotebook = (name: string): boolean => /\.ipynb$/i.test(name);

export interface ImportedFile {
  readonly path: string;
  readonly text: string;
}

/** Why a file cannot be a lesson, before parsing it; null if it may be one. */
export function fileProblem(name: string, size: number, text: string | null): string | null {
  if (isNotebook(name)) {
    if (size > MAX_IPYNB_BYTES)
      return `“${name}” is ${(size / 1024 / 1024).toFixed(1)} MB; a notebook file is at most ${MAX_IPYNB_BYTES / 1024 / 1024} MB.`;
  } else if (!/\.(md|markdown)$/i.test(name)) {
    return `“${name}” is not a Markdown file or a Jupyter notebook: import a lesson (.md) or a notebook (.ipynb).`;
  } else if (size > MAX_IMPORT_BYTES) return `“${name}” is ${(size / 1024 / 1024).toFixed(1)} MB; a lesson file is at most 5 MB.`;
  if (text !== null && text.includes('\u0000')) return `“${name}” is not a text file.`;
  return null;
}

/** The lesson text of an imported file's text: a lesson as it is, a notebook converted (ipynb-import.ts). */
export type LessonText =
  | {
      readonly ok: true;
      readonly text: string;
      /** Where a lesson error at `line` is, in the student's file. */ readonly where: (line: number) => string;
    }
  | { readonly ok: false; readonly message: string };

export function lessonTextOf(name: string, text: string): LessonText {
  if (!isNotebook(name)) return { ok: true, text, where: (line) => `line ${line}` };
  const nb = ipynbToLesson(text, name);
  if (!nb.ok) return nb;
  return {
    ok: true,
    text: nb.text,
    where: (line) => {
      const cell = nb.cellAt(line);
      return cell === null ? 'the notebook' : `cell ${cell}`;
    },
  };
}

/**
 * Imported lessons get their own id (`imported-NAME`) so their saved edits
 * never mix with a bundled lesson of the same file name.
 */
export function importedPath(fileName: string): string {
  const base = (fileName.split(/[\\/]/).pop() ?? 'lesson.md').replace(/\.(md|markdown|ipynb)$/i, '').replace(/[^\w.-]+/g, '-');
  return `imported/${base.startsWith('imported-') ? base : `imported-${base}`}.md`;
}

const KEY = 'qlab:imported';

export function loadImported(storage: KeyValueStorage): ImportedFile[] {
  try {
    const value: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    if (!Array.isArray(value)) return [];
    return value.filter(
      (v): v is ImportedFile => typeof v === 'object' && v !== null && typeof v.path === 'string' && typeof v.text === 'string',
    );
  } catch {
    return [];
  }
}

/** Adds or replaces (same path) an imported lesson; returns the new list. */
export function rememberImported(storage: KeyValueStorage, list: readonly ImportedFile[], file: ImportedFile): ImportedFile[] {
  const next = [...list.filter((f) => f.path !== file.path), file];
  try {
    storage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Over quota: the lesson stays listed for this page view only.
  }
  return next;
}
