// Lessons imported in this session: listed in the lesson picker next to the
// bundled ones, kept in sessionStorage so a reload of the tab keeps them.
import { useCallback, useMemo, useState } from 'react';
import type { CatalogEntry } from '../notebook/catalog.ts';
import type { LessonLoadError, LessonPage } from '../notebook/lesson-page.ts';
import { MemoryStorage, type KeyValueStorage } from '../notebook/persistence.ts';
import { importedPath, loadImported, rememberImported, type ImportedFile } from './import-lesson.ts';

type Build = (text: string, path: string) => { ok: true; page: LessonPage } | { ok: false; errors: readonly LessonLoadError[] };

function sessionStore(): KeyValueStorage {
  try {
    return sessionStorage;
  } catch {
    return new MemoryStorage();
  }
}

export function useImportedLessons(build: Build) {
  const storage = useMemo(() => sessionStore(), []);
  const [files, setFiles] = useState<ImportedFile[]>(() => loadImported(storage));
  const entries = useMemo(
    () =>
      files.flatMap((f): CatalogEntry[] => {
        const r = build(f.text, f.path);
        if (!r.ok) return [];
        return [
          { id: r.page.notebook.id, path: f.path, text: f.text, title: `${r.page.notebook.title} (imported)`, errors: [], start: false },
        ];
      }),
    [files, build],
  );
  /** Checks the text first: a file that is not a valid lesson changes nothing and returns its errors. */
  const add = useCallback(
    (
      text: string,
      fileName: string,
    ): { ok: true; entry: { id: string; path: string } } | { ok: false; errors: readonly LessonLoadError[] } => {
      const path = importedPath(fileName);
      const r = build(text, path);
      if (!r.ok) return { ok: false, errors: r.errors };
      setFiles((list) => rememberImported(storage, list, { path, text }));
      return { ok: true, entry: { id: r.page.notebook.id, path } };
    },
    [build, storage],
  );
  return { entries, add };
}
