// Public API of the lesson format and Markdown pipeline. See CONTEXT.md.
export { parseLesson, formatLessonError, lessonIdFromPath, cellIdFor } from './parse-lesson.ts';
export { serializeLesson, type CellEdit } from './serialize.ts';
export { renderMarkdown, renderLessonMarkdown, createSlugRegistry, type RenderOptions, type SlugRegistry } from './render.ts';
export { matchOutput, type MatchResult } from './match-output.ts';
export { slugify } from './slug.ts';
export { fnv1a64 } from './hash.ts';
export { ADMONITION_TYPES, type AdmonitionType } from './admonition.ts';
export type * from './types.ts';
