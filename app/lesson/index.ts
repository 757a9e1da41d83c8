// Public API of the lesson format and Markdown pipeline. See CONTEXT.md.
export { parseLesson } from './parse-lesson.ts';
export { serializeLesson, type CellEdit } from './serialize.ts';
export { renderMarkdown } from './render.ts';
export type * from './types.ts';
