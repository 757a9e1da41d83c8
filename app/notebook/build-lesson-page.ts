// Lesson text → what the UI shows. A ```python original fence directly
// before a code cell is not shown as Markdown: it becomes that cell's
// "PyTorch original", the line the TypeScript cell mirrors.
import { parseLesson, renderLessonMarkdown } from '../lesson/index.ts';
import type { Lesson, LessonBlock } from '../lesson/types.ts';
import type { LessonLoadError, LessonPage, PageBlock } from './lesson-page.ts';
import type { NotebookLesson } from './lesson-view.ts';
import type { LessonSummary } from './catalog.ts';

const PYTHON_ORIGINAL = /(^|\n)(`{3,}|~{3,})python original[ \t]*\n([\s\S]*?)\n\2[ \t]*\n?\s*$/;

/** Split a trailing ```python original fence off a Markdown block. */
export function splitPythonOriginal(markdown: string): { markdown: string; python: string | null } {
  const m = PYTHON_ORIGINAL.exec(markdown);
  if (m === null || m[3] === undefined) return { markdown, python: null };
  return { markdown: markdown.slice(0, m.index) + (m[1] ?? ''), python: m[3] };
}

export function toNotebookLesson(lesson: Lesson): NotebookLesson {
  const cells = lesson.blocks.flatMap((b) =>
    b.kind === 'code' ? [{ id: b.id, index: b.index, source: b.source, attrs: b.attrs, timeoutSeconds: b.timeoutSeconds ?? null }] : [],
  );
  return { id: lesson.id, hash: lesson.hash, title: lesson.title, cells };
}

export function buildLessonPage(
  text: string,
  path: string,
  baseUrl = '/',
): { ok: true; page: LessonPage } | { ok: false; errors: readonly LessonLoadError[] } {
  const parsed = parseLesson(text, path);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const lesson = parsed.lesson;
  const pythonFor = new Map<number, string>();
  const blocks: LessonBlock[] = lesson.blocks.map((b, i) => {
    const next = lesson.blocks[i + 1];
    if (b.kind !== 'markdown' || next?.kind !== 'code') return b;
    const split = splitPythonOriginal(b.source);
    if (split.python === null) return b;
    pythonFor.set(next.index, split.python);
    return { ...b, source: split.markdown };
  });
  const html = renderLessonMarkdown({ ...lesson, blocks }, { baseUrl });
  const pageBlocks: PageBlock[] = blocks.map((b, i) =>
    b.kind === 'markdown' ? { kind: 'markdown', html: html[i] ?? '' } : { kind: 'code', cellId: b.id, python: pythonFor.get(b.index) ?? null },
  );
  return {
    ok: true,
    page: { notebook: toNotebookLesson(lesson), path, chapter: lesson.chapter ?? null, blocks: pageBlocks, sections: lesson.sections },
  };
}

export function summarizeLesson(text: string, path: string): LessonSummary {
  const parsed = parseLesson(text, path);
  if (!parsed.ok) return { title: path, start: false, errors: parsed.errors };
  return { title: parsed.lesson.title, start: parsed.lesson.frontMatter['start'] === true, errors: [] };
}
