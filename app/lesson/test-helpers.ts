// Shared helpers for the lesson tests.
import { formatLessonError, parseLesson } from './parse-lesson.ts';
import type { Lesson } from './types.ts';

/** A lesson file: front matter with `title` (lines 1–3), a blank line 4, then `body` from line 5. */
export function lessonText(body: readonly string[], title = 'T'): string {
  return ['---', `title: ${title}`, '---', '', ...body, ''].join('\n');
}

export function parseOk(text: string, path = 'lessons/t.md'): Lesson {
  const result = parseLesson(text, path);
  if (!result.ok) throw new Error(`expected a valid lesson:\n${result.errors.map(formatLessonError).join('\n')}`);
  return result.lesson;
}

/** The errors of a lesson that must fail, formatted as `path:line: message`. */
export function parseErrors(text: string, path = 'lessons/t.md'): string[] {
  const result = parseLesson(text, path);
  if (result.ok) throw new Error('expected the lesson to be rejected');
  return result.errors.map(formatLessonError);
}
