// Markdown → HTML. Lessons are rendered one markdown block at a time (code
// cells sit between them), so heading ids and link references are shared
// across a lesson's blocks through one markdown-it env.
import type { Token } from 'markdown-it';
import { createRenderEnv, md, type MathBudget, type RenderEnv } from './markdown.ts';
import type { LessonBlock, LessonSection } from './types.ts';

/** Heading ids handed out so far; pass the same registry to keep ids unique across calls. */
export interface SlugRegistry {
  readonly used: Record<string, boolean>;
}

export interface RenderOptions {
  /** The app's base URL (Vite's import.meta.env.BASE_URL); lesson images resolve against it. Default '/'. */
  readonly baseUrl?: string;
  readonly slugs?: SlugRegistry;
}

export function createSlugRegistry(): SlugRegistry {
  return { used: {} };
}

/** Renders one Markdown text. Raw HTML is escaped; math, admonitions, tables and anchors are supported. */
export function renderMarkdown(source: string, options: RenderOptions = {}): string {
  const env = createRenderEnv(options.baseUrl ?? '/');
  if (options.slugs !== undefined) env.markdownItAnchor.slugs = options.slugs.used;
  return md.render(source, env);
}

/**
 * HTML for each block of a lesson, aligned with `lesson.blocks` ('' for code
 * cells). Heading ids are unique across the lesson and equal `lesson.sections`.
 */
export function renderLessonMarkdown(
  lesson: { readonly blocks: readonly LessonBlock[] },
  options: { readonly baseUrl?: string } = {},
): string[] {
  return renderBlocks(lesson.blocks, lessonEnv(lesson.blocks, options.baseUrl ?? '/'));
}

/**
 * renderLessonMarkdown, typesetting only the lesson's first `typesetFirst`
 * formulas (in reading order); the rest are placeholders (math-placeholder.ts)
 * for the page to typeset later, or typeset-html.ts to finish at once.
 */
export function renderLessonMarkdownDeferred(
  lesson: { readonly blocks: readonly LessonBlock[] },
  options: { readonly baseUrl?: string; readonly typesetFirst: number },
): { html: string[]; deferred: number } {
  const env = lessonEnv(lesson.blocks, options.baseUrl ?? '/');
  const math: MathBudget = { typesetLeft: options.typesetFirst, deferred: 0 };
  env.math = math;
  return { html: renderBlocks(lesson.blocks, env), deferred: math.deferred };
}

function renderBlocks(blocks: readonly LessonBlock[], env: RenderEnv): string[] {
  return blocks.map((block) => (block.kind === 'markdown' ? md.renderer.render(md.parse(block.source, env), md.options, env) : ''));
}

/** The top-level `##`/`###` headings with the ids renderLessonMarkdown gives them. */
export function lessonSections(blocks: readonly LessonBlock[]): LessonSection[] {
  const env = lessonEnv(blocks, '/');
  const sections: LessonSection[] = [];
  for (const block of blocks) {
    if (block.kind !== 'markdown') continue;
    const tokens = md.parse(block.source, env);
    tokens.forEach((token, i) => {
      if (token.type !== 'heading_open' || token.level !== 0) return;
      const level = token.tag === 'h2' ? 2 : token.tag === 'h3' ? 3 : null;
      const slug = token.attrGet('id');
      if (level === null || slug === null) return;
      sections.push({ level, text: headingText(tokens[i + 1]), slug });
    });
  }
  return sections;
}

/** The same text markdown-it-anchor slugifies: plain text and inline code. */
function headingText(inline: Token | undefined): string {
  const parts = (inline?.children ?? []).filter((t) => t.type === 'text' || t.type === 'code_inline');
  return parts
    .map((t) => t.content)
    .join('')
    .trim();
}

/**
 * An env shared by all blocks of a lesson: one slug registry, and the link
 * reference definitions of the whole lesson (`[x]: url` in one block, `[x]`
 * in another), which markdown-it would otherwise only see within a block.
 */
function lessonEnv(blocks: readonly LessonBlock[], baseUrl: string): RenderEnv {
  const sources = blocks.flatMap((b) => (b.kind === 'markdown' ? [b.source] : []));
  const collect = createRenderEnv(baseUrl);
  md.parse(sources.join('\n'), collect);
  const env = createRenderEnv(baseUrl);
  if (collect.references !== undefined) env.references = collect.references;
  return env;
}
