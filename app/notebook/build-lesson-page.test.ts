import { describe, expect, it } from 'vitest';
import { buildLessonPage } from './build-lesson-page.ts';
import { buildCatalog, startLesson } from './catalog.ts';
import { splitFences } from './fences.ts';
import { summarizeLesson } from './build-lesson-page.ts';

const lesson = [
  '---',
  'title: T',
  '---',
  '',
  '## Intro',
  '',
  '```python original',
  'torch.iinfo(torch.int8)',
  '```',
  '',
  '```ts',
  'torch.iinfo(torch.int8)',
  '```',
  '',
  '```figure bit-explorer',
  'value: 0.1',
  '```',
  '',
  '## Practice',
  '',
  '```ts exercise',
  'const answer = 0',
  '```',
  '',
  '```hint',
  'Think.',
  '```',
  '',
  '```solution',
  'const answer = 1',
  '```',
  '',
  '```check',
  'check.equal(answer, 1, "one")',
  '```',
  '',
  'After.',
  '',
].join('\n');

describe('splitFences', () => {
  it('splits prose and fences and joins back to the exact source', () => {
    const src = 'text\n\n```python\nx = 1\n```\nmore\n~~~figure a\n~~~\n';
    const pieces = splitFences(src, 10);
    expect(pieces.map((p) => p.raw).join('')).toBe(src);
    expect(pieces.filter((p) => p.kind === 'fence').map((p) => (p.kind === 'fence' ? [p.info, p.line] : null))).toEqual([
      ['python', 12],
      ['figure a', 16],
    ]);
  });
});

describe('buildLessonPage', () => {
  it('attaches python originals and exercise material to their cells and lifts figures out of the prose', () => {
    const r = buildLessonPage(lesson, 'lessons/t.md');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const kinds = r.page.blocks.map((b) => b.kind);
    expect(kinds).toEqual(['markdown', 'code', 'figure', 'markdown', 'code', 'markdown']);
    const [, code, figure, , exercise, after] = r.page.blocks;
    expect(code).toMatchObject({ kind: 'code', python: 'torch.iinfo(torch.int8)', exercise: null });
    expect(figure).toMatchObject({ kind: 'figure', name: 'bit-explorer', options: { value: 0.1 }, line: 15 });
    expect(exercise).toMatchObject({
      kind: 'code',
      exercise: { hints: ['Think.'], solution: 'const answer = 1', check: 'check.equal(answer, 1, "one")' },
    });
    expect(after?.kind === 'markdown' && after.html).toContain('After.');
    expect(JSON.stringify(r.page.blocks)).not.toContain('python original');
    expect(Object.values(r.page.exerciseSections)).toEqual(['practice']);
  });

  it('reports bad figure options and an exercise without a solution, with lines', () => {
    const bad = lesson.replace('value: 0.1', 'value: [1, 2').replace('```solution\nconst answer = 1\n```\n', '');
    const r = buildLessonPage(bad, 'lessons/t.md');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => e.line)).toEqual([15, 21]);
    expect(r.errors[1]?.message).toContain('no ```solution block');
  });
});

describe('buildCatalog', () => {
  it('lists lessons by file name, keeps broken ones with their errors, and starts at the start lesson', () => {
    const catalog = buildCatalog(
      {
        '/lessons/10-b.md': '---\ntitle: B\nstart: true\n---\n',
        '/lessons/00-a.md': '---\ntitle: A\n---\n',
        '/lessons/20-broken.md': '---\ntitle: [\n---\n',
      },
      summarizeLesson,
    );
    expect(catalog.map((e) => [e.id, e.title, e.errors.length])).toEqual([
      ['00-a', 'A', 0],
      ['10-b', 'B', 0],
      ['20-broken', 'lessons/20-broken.md', 1],
    ]);
    expect(catalog[2]?.errors[0]?.line).toBe(2);
    expect(startLesson(catalog, null)).toBe('10-b');
    expect(startLesson(catalog, '00-a')).toBe('00-a');
    expect(startLesson(catalog, 'missing')).toBe('10-b');
  });
});
