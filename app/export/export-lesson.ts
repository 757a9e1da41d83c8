// Export: the three formats as files to download. The lesson text is parsed
// again here (the page the UI shows keeps no raw Markdown).
import { parseLesson } from '../lesson/index.ts';
import { sanitizeHtml } from '../shared/sanitize-html.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';
import type { StudentState } from './document.ts';
import { figuresOf } from './figure-export.ts';
import { toHtml } from './html.ts';
import { toIpynb } from './ipynb.ts';
import { toLessonMarkdown } from './lesson-markdown.ts';

export type ExportFormat = 'markdown' | 'ipynb' | 'html';

export interface ExportFile {
  readonly name: string;
  readonly type: string;
  readonly text: string;
}

export interface ExportSource {
  readonly text: string;
  readonly path: string;
  readonly page: LessonPage;
}

const baseName = (path: string): string => (path.split(/[\\/]/).pop() ?? 'lesson.md').replace(/\.[^.]*$/, '');

export function exportLesson(
  format: ExportFormat,
  source: ExportSource,
  state: StudentState,
  renderMarkdown: (s: string) => string,
): ExportFile {
  const parsed = parseLesson(source.text, source.path);
  if (!parsed.ok) throw new Error('the open lesson no longer parses');
  const name = baseName(source.path);
  // The same sanitiser as the page: no script, handler, form or remote URL reaches a file either.
  const sanitize = (html: string): string => sanitizeHtml(html);
  if (format === 'markdown') return { name: `${name}.md`, type: 'text/markdown', text: toLessonMarkdown(parsed.lesson, state) };
  // Figures are drawn as the student left them (static SVG) and link back to this lesson in the app, where they are live.
  const lessonUrl =
    typeof location === 'undefined' ? undefined : `${location.origin}${location.pathname}?lesson=${encodeURIComponent(parsed.lesson.id)}`;
  const deps = { sanitize, renderMarkdown, figure: figuresOf(source.page, sanitize), ...(lessonUrl !== undefined && { lessonUrl }) };
  if (format === 'ipynb')
    return {
      name: `${name}.ipynb`,
      type: 'application/x-ipynb+json',
      text: `${JSON.stringify(toIpynb(parsed.lesson, state, deps), null, 1)}\n`,
    };
  return { name: `${name}.html`, type: 'text/html', text: toHtml(source.page, state, deps, new Date()) };
}

/** Save a file through the browser's download (a blob: URL, so nothing leaves the page). */
export function download(file: ExportFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = file.name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
