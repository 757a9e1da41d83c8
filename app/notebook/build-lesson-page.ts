// Lesson text → what the UI shows. Some fences in the Markdown between cells
// belong to the notebook rather than the prose:
// - ```python original directly before a code cell: the cell's "PyTorch original";
// - ```hint, ```solution, ```check directly after an exercise cell (```ts exercise);
// - ```figure NAME anywhere: an interactive figure, its body YAML options;
// - ```notes anywhere: the presenter's speaker notes for the section it is in (never shown to students).
import { parse as parseYaml } from 'yaml';
import { parseLesson } from '../lesson/index.ts';
import { renderLessonMarkdown, renderLessonMarkdownDeferred } from '../lesson/render.ts';
import type { CodeBlock, Lesson, LessonBlock } from '../lesson/types.ts';
import { figureProblems } from '../figures/option-schema.ts';
import type { CellId } from '../shared/brand.ts';
import type { LessonSummary } from './catalog.ts';
import { isBlank, splitFences, type MarkdownPiece } from './fences.ts';
import type { ExerciseMaterial, LessonLoadError, LessonPage, PageBlock } from './lesson-page.ts';
import type { NotebookLesson } from './lesson-view.ts';

type Item =
  | { kind: 'markdown'; source: string; line: number }
  | { kind: 'notes'; source: string }
  | { kind: 'figure'; name: string; options: Record<string, unknown>; line: number }
  | { kind: 'code'; block: CodeBlock; python: string | null; exercise: ExerciseMaterial | null };

const EXERCISE_FENCES = new Set(['hint', 'solution', 'check']);

/**
 * Formulas typeset while the lesson is built (a first screen's worth, and every formula of the
 * lessons shipped today: 14-quantization has ~90); past these the page typesets them in idle
 * slices, so a 5 MB lesson of 20,000 formulas shows its first cell at once (bench: `npm run bench big`).
 */
export const TYPESET_AT_ONCE = 300;

export function toNotebookLesson(lesson: Lesson): NotebookLesson {
  const cells = lesson.blocks.flatMap((b) =>
    b.kind === 'code'
      ? [
          {
            id: b.id,
            index: b.index,
            source: b.source,
            attrs: b.attrs,
            timeoutSeconds: b.timeoutSeconds ?? null,
            ...(typeof b.attrMap['id'] === 'string' && { key: b.attrMap['id'] }),
          },
        ]
      : [],
  );
  return { id: lesson.id, hash: lesson.hash, title: lesson.title, cells };
}

/** Lifts the exercise fences that open a Markdown block following an exercise cell. */
function takeExercise(pieces: MarkdownPiece[]): ExerciseMaterial {
  const hints: string[] = [];
  let solution: string | null = null;
  let check: string | null = null;
  while (pieces.length > 0) {
    const p = pieces[0]!;
    if (isBlank(p)) pieces.shift();
    else if (p.kind === 'fence' && EXERCISE_FENCES.has(p.info)) {
      pieces.shift();
      if (p.info === 'hint') hints.push(p.body);
      else if (p.info === 'solution') solution = p.body;
      else check = check === null ? p.body : `${check}\n${p.body}`;
    } else break;
  }
  return { hints, solution, check };
}

function takePythonOriginal(pieces: MarkdownPiece[]): string | null {
  let end = pieces.length;
  while (end > 0 && isBlank(pieces[end - 1]!)) end--;
  const last = pieces[end - 1];
  if (last?.kind !== 'fence' || last.info !== 'python original') return null;
  pieces.splice(end - 1);
  return last.body;
}

function itemsOf(lesson: Lesson, errors: LessonLoadError[]): Item[] {
  const items: Item[] = [];
  let python: string | null = null;
  lesson.blocks.forEach((block, i) => {
    if (block.kind === 'code') {
      items.push({ kind: 'code', block, python, exercise: null });
      python = null;
      return;
    }
    const pieces = splitFences(block.source, block.line);
    const prev = items.at(-1);
    if (prev?.kind === 'code' && prev.block.attrMap['exercise'] === true) prev.exercise = takeExercise(pieces);
    if (lesson.blocks[i + 1]?.kind === 'code') python = takePythonOriginal(pieces);
    let prose = '';
    let proseLine = block.line;
    let line = block.line;
    const flush = () => {
      if (prose.trim() !== '') items.push({ kind: 'markdown', source: prose, line: proseLine });
      prose = '';
    };
    for (const p of pieces) {
      // Any fence whose info starts with the word `figure` is one: a bad name is an error, not a code block.
      const figure = p.kind === 'fence' ? /^figure(?:\s+(.*))?$/.exec(p.info) : null;
      if (p.kind === 'fence' && p.info === 'notes') {
        flush();
        items.push({ kind: 'notes', source: p.body });
        proseLine = p.line + p.raw.split('\n').length - 1;
      } else if (p.kind === 'fence' && figure !== null) {
        flush();
        const name = figure[1]?.trim() ?? '';
        const options = figureOptions(p.body, lesson.path, p.line, errors);
        for (const message of figureProblems(name, options)) errors.push({ path: lesson.path, line: p.line, message });
        items.push({ kind: 'figure', name, options, line: p.line });
        proseLine = p.line + p.raw.split('\n').length - 1;
      } else {
        if (prose === '') proseLine = line;
        prose += p.raw;
      }
      line += p.raw.split('\n').length - 1;
    }
    flush();
  });
  for (const item of items) {
    if (item.kind !== 'code' || item.block.attrMap['exercise'] !== true) continue;
    const where = { path: lesson.path, line: item.block.line };
    if (item.exercise?.check == null)
      errors.push({ ...where, message: `exercise cell ${item.block.index} has no \`\`\`check block after it` });
    if (item.exercise?.solution == null)
      errors.push({ ...where, message: `exercise cell ${item.block.index} has no \`\`\`solution block after it` });
  }
  return items;
}

function figureOptions(body: string, path: string, line: number, errors: LessonLoadError[]): Record<string, unknown> {
  if (body.trim() === '') return {};
  try {
    const value: unknown = parseYaml(body);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return { ...value };
    errors.push({ path, line, message: 'figure options must be a YAML mapping (key: value lines)' });
  } catch (e) {
    errors.push({ path, line, message: `figure options are not valid YAML: ${e instanceof Error ? e.message : String(e)}` });
  }
  return {};
}

/** Calls `visit` with each item and the section it is in: the last ##/### heading before it (undefined before the first). */
function forEachInSection(items: readonly Item[], lesson: Lesson, visit: (item: Item, section: string | undefined) => void): void {
  let seen = 0;
  for (const item of items) {
    if (item.kind === 'markdown') {
      const prose = splitFences(item.source, item.line).filter((p) => p.kind === 'prose');
      seen += prose.reduce((n, p) => n + (p.raw.match(/^#{2,3}\s/gm)?.length ?? 0), 0);
    }
    visit(item, lesson.sections[seen - 1]?.slug);
  }
}

function exerciseSections(items: readonly Item[], lesson: Lesson): Record<CellId, string> {
  const result: Record<CellId, string> = {};
  forEachInSection(items, lesson, (item, section) => {
    if (item.kind === 'code' && item.exercise !== null && section !== undefined) result[item.block.id] = section;
  });
  return result;
}

/** Speaker notes by section slug ('' for the part before the first heading), rendered like the lesson's Markdown. */
function speakerNotes(items: readonly Item[], lesson: Lesson, baseUrl: string): Record<string, string> {
  const result: Record<string, string> = {};
  forEachInSection(items, lesson, (item, section) => {
    if (item.kind !== 'notes') return;
    const html = renderLessonMarkdown({ blocks: [{ kind: 'markdown', source: item.source, line: 1 }] }, { baseUrl }).join('');
    const key = section ?? '';
    result[key] = (result[key] ?? '') + html;
  });
  return result;
}

export function buildLessonPage(
  text: string,
  path: string,
  baseUrl = '/',
): { ok: true; page: LessonPage } | { ok: false; errors: readonly LessonLoadError[] } {
  const parsed = parseLesson(text, path);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const lesson = parsed.lesson;
  const errors: LessonLoadError[] = [];
  const items = itemsOf(lesson, errors);
  if (errors.length > 0) return { ok: false, errors };
  const renderBlocks: LessonBlock[] = items.flatMap((it): LessonBlock[] =>
    it.kind === 'markdown' ? [{ kind: 'markdown', source: it.source, line: it.line }] : it.kind === 'code' ? [it.block] : [],
  );
  const { html, deferred } = renderLessonMarkdownDeferred({ blocks: renderBlocks }, { baseUrl, typesetFirst: TYPESET_AT_ONCE });
  let r = 0;
  const shownItems = items.filter((it): it is Exclude<Item, { kind: 'notes' }> => it.kind !== 'notes');
  const blocks: PageBlock[] = shownItems.map((it): PageBlock => {
    if (it.kind === 'figure') return it;
    const rendered = html[r++] ?? '';
    if (it.kind === 'markdown') return { kind: 'markdown', html: rendered };
    return { kind: 'code', cellId: it.block.id, python: it.python, exercise: it.exercise };
  });
  return {
    ok: true,
    page: {
      notebook: toNotebookLesson(lesson),
      path,
      chapter: lesson.chapter ?? null,
      blocks,
      sections: lesson.sections,
      exerciseSections: exerciseSections(items, lesson),
      notes: speakerNotes(items, lesson, baseUrl),
      pendingFormulas: deferred,
    },
  };
}

export function summarizeLesson(text: string, path: string): LessonSummary {
  const parsed = parseLesson(text, path);
  if (!parsed.ok) return { title: path, start: false, errors: parsed.errors };
  return { title: parsed.lesson.title, start: parsed.lesson.frontMatter['start'] === true, errors: [] };
}
