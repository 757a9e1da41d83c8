// The exported notebook carries no answer key: opened in Jupyter (whose
// Markdown is CommonMark with raw HTML on, as markdown-it's `commonmark`
// preset here), no solution, no raw lesson fence and no `:::` shows, unless
// the student revealed the solution in the app.
import { readFileSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../lesson/index.ts';
import type { Lesson } from '../lesson/types.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import type { ExerciseMaterial } from '../notebook/lesson-page.ts';
import { emptyStructure } from '../notebook/structure.ts';
import type { CellId } from '../shared/brand.ts';
import type { StudentState } from './document.ts';
import { figuresOf } from './figure-export.ts';
import { toIpynb, type Ipynb } from './ipynb.ts';
import { ipynbErrors } from './validate-ipynb.ts';

const jupyterMarkdown = new MarkdownIt('commonmark', { html: true });
const deps = { sanitize: (s: string) => s, renderMarkdown: (s: string) => s, lessonUrl: 'https://lab.example/?lesson=x' };
const fresh: StudentState = { sources: {}, cells: {}, structure: emptyStructure };

function load(text: string, path: string): { lesson: Lesson; exercises: Map<CellId, ExerciseMaterial> } {
  const parsed = parseLesson(text, path);
  const page = buildLessonPage(text, path);
  if (!parsed.ok || !page.ok) throw new Error(`${path} does not load`);
  const exercises = new Map(
    page.page.blocks.flatMap((b) => (b.kind === 'code' && b.exercise !== null ? [[b.cellId, b.exercise] as const] : [])),
  );
  return { lesson: parsed.lesson, exercises };
}

const markdownCells = (nb: Ipynb): string[] => nb.cells.flatMap((c) => (c.cell_type === 'markdown' ? [c.source.join('')] : []));

/** What a reader of the exported notebook sees as lesson syntax that leaked. */
function leaks(html: string): string[] {
  const found: string[] = [];
  for (const m of html.matchAll(/class="language-([^"]+)"/g))
    if (/^(hint|solution|check|figure|notes|output|python original)\b/.test(m[1]!)) found.push(m[0]);
  if (/^:::|\n:::/.test(html.replace(/<[^>]+>/g, ''))) found.push(':::');
  if (/<script|<aside/i.test(html)) found.push('html');
  return found;
}

describe('ipynb export leaves the answer key out', () => {
  for (const file of ['lessons/00-welcome.md', 'lessons/14-quantization.md']) {
    it(`${file}: schema-valid; no solution, raw fence or ::: in any cell; checks in qlab metadata`, () => {
      const { lesson, exercises } = load(readFileSync(file, 'utf8'), file);
      const nb = toIpynb(lesson, fresh, deps);
      expect(ipynbErrors(nb)).toEqual([]);
      for (const md of markdownCells(nb)) expect(leaks(jupyterMarkdown.render(md)), md).toEqual([]);
      // Checks are in the metadata (the brief: hidden tests, not the solution); everything else is what Jupyter shows.
      const shown = nb.cells.map((c) => `\n${c.source.join('')}\n`);
      const stubs = nb.cells.flatMap((c) => (c.cell_type === 'code' ? [c.source.join('')] : [])).join('\n');
      for (const [id, ex] of exercises) {
        expect(ex.solution).not.toBeNull();
        // Not as whole lines of any cell (a hint may quote a short solution's expression inline).
        for (const c of shown) expect(c).not.toContain(`\n${ex.solution}\n`);
        // No line of a solution that is not also in its stub is in any code cell.
        const stub = lesson.blocks.find((b) => b.kind === 'code' && b.id === id);
        for (const line of ex
          .solution!.split('\n')
          .filter((l) => l.trim().length >= 12 && stub?.kind === 'code' && !stub.source.includes(l)))
          expect(stubs).not.toContain(line);
        const cell = nb.cells.find((c) => c.cell_type === 'code' && c.id === id.replace(/[^A-Za-z0-9_-]+/g, '-'));
        expect(cell?.metadata['qlab']).toMatchObject({ attrs: expect.arrayContaining(['exercise']) });
        const checks = (cell?.metadata['qlab'] as { check?: string[] } | undefined)?.check;
        expect(checks?.join('\n')).toBe(ex.check);
        // Its hints follow it, collapsed.
        const at = nb.cells.indexOf(cell!);
        const hints = nb.cells.slice(at + 1, at + 1 + ex.hints.length).map((c) => c.source.join(''));
        expect(hints.map((h) => /^<details><summary>Hint( \d)?<\/summary>\n\n[^]*\n\n<\/details>$/.test(h))).toEqual(
          ex.hints.map(() => true),
        );
      }
      expect(exercises.size).toBeGreaterThan(file.includes('14-') ? 3 : 0);
    });
  }

  const demo = [
    '---\ntitle: Demo\n---\n',
    ':::tip Why int8?\nIt is small.\n:::\n\nAfter.\n',
    '```figure linear-mapping\nbits: 4\n```\n',
    '```notes\nSay this out loud only.\n```\n',
    '```python original\nx = torch.tensor([1])\n```\n',
    '```ts exercise\n// TODO\n```\n',
    '```hint\nUse <b>torch</b>.\n```\n',
    '```solution\nprint(42424242)\n```\n',
    '```check\ncheck.ok(output.length === 8, "prints the number")\n```\n',
  ].join('\n');

  it('admonitions → blockquotes, figures → a link back, PyTorch originals → ```python, speaker notes left out', () => {
    const { lesson } = load(demo, 'lessons/demo.md');
    const md = markdownCells(toIpynb(lesson, fresh, deps));
    expect(md).toContain('> **Tip: Why int8?**\n>\n> It is small.\n\nAfter.');
    expect(md).toContain(
      '> **Interactive figure: linear-mapping**\n>\n> It runs in the app only: open [this lesson in Quantization Lab](https://lab.example/?lesson=x) to use it.',
    );
    expect(md).toContain('**PyTorch original**\n\n```python\nx = torch.tensor([1])\n```\n');
    expect(md).toContain('<details><summary>Hint</summary>\n\nUse &lt;b>torch&lt;/b>.\n\n</details>');
    expect(md.join('\n')).not.toContain('Say this out loud');
    expect(md.join('\n')).not.toContain('42424242');
  });

  it('with the page at hand, a figure is its static SVG (a Markdown cell attachment, shown by Jupyter as an image) above the note', () => {
    const { lesson } = load(demo, 'lessons/demo.md');
    const built = buildLessonPage(demo, 'lessons/demo.md');
    if (!built.ok) throw new Error('demo does not load');
    // linear-mapping, bits 4, defaults otherwise: rmin -1.5, rmax 2.5 → s = 4/15, z = round(1.5 / s) = 6; r = 0.7 → q = 6 + round(2.625) = 9.
    const nb = toIpynb(lesson, fresh, { ...deps, figure: figuresOf(built.page, (svg) => svg) });
    expect(ipynbErrors(nb)).toEqual([]);
    const cell = nb.cells.find((c) => c.cell_type === 'markdown' && c.attachments !== undefined);
    if (cell?.cell_type !== 'markdown') throw new Error('no figure cell');
    const source = cell.source.join('');
    expect(source).toBe(
      '![Linear mapping: s = 0.26666666666666666, z = 6; r = 0.7 → q = 9 → r′ = 0.8000000715255737, error 0.10000007152557377](attachment:figure-11.svg)\n\n' +
        '> **Interactive figure: linear-mapping**, as it was when this notebook was exported.\n>\n> It runs in the app only: open [this lesson in Quantization Lab](https://lab.example/?lesson=x) to change it.',
    );
    const svg = new TextDecoder().decode(
      Uint8Array.from(atob(String(cell.attachments!['figure-11.svg']!['image/svg+xml'])), (ch) => ch.charCodeAt(0)),
    );
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('(4 bits, unsigned)');
    expect(jupyterMarkdown.render(source)).toContain('<img src="attachment:figure-11.svg" alt="Linear mapping: s = 0.26666666666666666');
    expect(leaks(jupyterMarkdown.render(source))).toEqual([]);
  });

  it('a solution the student revealed (Show solution put it in the cell) is in a cell of its own, marked as revealed', () => {
    const { lesson } = load(demo, 'lessons/demo.md');
    const exercise = lesson.blocks.find((b) => b.kind === 'code');
    const nb = toIpynb(lesson, { ...fresh, sources: { [exercise!.kind === 'code' ? exercise!.id : '']: 'print(42424242)' } }, deps);
    const solution = markdownCells(nb).filter((s) => s.includes('42424242'));
    expect(solution).toEqual(['**Solution** (revealed in Quantization Lab)\n\n```ts\nprint(42424242)\n```\n']);
    expect(ipynbErrors(nb)).toEqual([]);
    // A student's own attempt does not count as revealing it.
    const tried = toIpynb(lesson, { ...fresh, sources: { [exercise!.kind === 'code' ? exercise!.id : '']: 'print(1)' } }, deps);
    expect(JSON.stringify(tried)).not.toContain('42424242');
  });
});
