// Exports draw each figure as the student left it: the state a rendered figure reported
// (rememberFigureState), else the one it starts in (a figure the page has not rendered
// yet); the SVG goes through the sanitiser; ipynb carries it as a Markdown cell attachment
// and import still gives back the lesson's ```figure fence; HTML has it inline in a <figure>.
import { describe, expect, it } from 'vitest';
import { rememberFigureState, linearDefaults } from '../figures/figure-state.ts';
import { parseLesson } from '../lesson/index.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import type { LessonPage } from '../notebook/lesson-page.ts';
import { emptyStructure } from '../notebook/structure.ts';
import type { StudentState } from './document.ts';
import { figuresOf } from './figure-export.ts';
import { toHtml } from './html.ts';
import { lessonTextOf } from './import-lesson.ts';
import { toIpynb, type IpynbCell } from './ipynb.ts';
import { ipynbErrors } from './validate-ipynb.ts';

const text = [
  '---\ntitle: Figures\n---\n',
  'Before.\n',
  '```figure linear-mapping\nbits: 8\n```\n',
  '```ts\nprint(1)\n```\n',
  '```figure bit-explorer\nvalue: "1/3"\n```\n',
].join('\n');
const fresh: StudentState = { sources: {}, cells: {}, structure: emptyStructure };

function load(): { page: LessonPage; lesson: ReturnType<typeof lessonOf> } {
  const built = buildLessonPage(text, 'lessons/figs.md');
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  return { page: built.page, lesson: lessonOf() };
}
function lessonOf() {
  const r = parseLesson(text, 'lessons/figs.md');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.lesson;
}
const figureBlock = (page: LessonPage, name: string) => {
  const b = page.blocks.find((x) => x.kind === 'figure' && x.name === name);
  if (b?.kind !== 'figure') throw new Error(`no ${name}`);
  return b;
};
const decode = (b64: string): string => new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
const attachmentSvgs = (cells: readonly IpynbCell[]): string[] =>
  cells.flatMap((c) =>
    c.cell_type === 'markdown' && c.attachments !== undefined
      ? Object.values(c.attachments).map((a) => decode(String(a['image/svg+xml'])))
      : [],
  );

describe('figures in exports', () => {
  it('a figure the student changed is drawn as changed; one never rendered as it starts', () => {
    const { page, lesson } = load();
    const linear = figureBlock(page, 'linear-mapping');
    rememberFigureState(linear.options, { ...linearDefaults(linear.options), rmin: -1, rmax: 1, bits: 3, signed: true, r: -0.25 });
    const seen: string[] = [];
    const figure = figuresOf(page, (svg) => {
      seen.push(svg);
      return svg;
    });
    const nb = toIpynb(lesson, fresh, {
      sanitize: (s) => s,
      renderMarkdown: (s) => s,
      lessonUrl: 'https://lab.example/?lesson=figs',
      figure,
    });
    expect(ipynbErrors(nb)).toEqual([]);
    expect(seen).toHaveLength(2);
    const [linearSvg, bitsSvg] = attachmentSvgs(nb.cells);
    // rmin -1, rmax 1 on int3: s = 2/7, z = -4 − round(-1 / s) = -4 − round(-3.5) = 0 (half to even); r = -0.25 → q = round(-0.875) = -1.
    expect(linearSvg).toContain('→ int3 [-4, 3] (3 bits, signed)');
    expect(linearSvg).toContain('>0.2857142857142857<');
    expect(linearSvg).toContain('>q = -1<');
    // Not rendered: the fence's own value, 1/3 → float32 0x3EAAAAAB.
    expect(bitsSvg).toContain('Value typed: 1/3');
    expect(bitsSvg).toContain('0.3333333432674407958984375 (normal)');
    // Every picture went through the sanitiser.
    expect(seen.map((svg) => svg.slice(0, 5))).toEqual(['<svg ', '<svg ']);
    // Import gives the lesson's figure fences back, options and all.
    const back = lessonTextOf('figs.ipynb', JSON.stringify(nb));
    if (!back.ok) throw new Error(back.message);
    expect(back.text).toContain('```figure linear-mapping\nbits: 8\n```');
    expect(back.text).toContain('```figure bit-explorer\nvalue: "1/3"\n```');
    expect(back.text).not.toContain('attachment:');
  });

  it('HTML: the SVG inline in a <figure> with its alt text and the link back; no picture when it cannot be drawn', () => {
    const { page } = load();
    const linear = figureBlock(page, 'linear-mapping');
    rememberFigureState(linear.options, { ...linearDefaults(linear.options), r: 2 });
    const html = toHtml(
      page,
      fresh,
      { sanitize: (s) => s, renderMarkdown: (s) => s, figure: figuresOf(page, (s) => s), lessonUrl: 'https://lab.example/?lesson=figs' },
      new Date(0),
    );
    const figures = [
      ...html.matchAll(
        /<figure class="figure-static" data-figure="([\w-]+)"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^]*?<\/svg><figcaption>([^]*?)<\/figcaption><\/figure>/g,
      ),
    ];
    expect(figures.map((f) => f[1])).toEqual(['linear-mapping', 'bit-explorer']);
    expect(figures[0]![2]).toContain('r = 2.0 → q = ');
    expect(figures[0]![2]).toContain('<a href="https://lab.example/?lesson=figs">the lesson in Quantization Lab</a>');
    expect(html).toContain("default-src 'none'");
    // A sanitiser that takes the picture apart leaves the note only.
    const gutted = toHtml(page, fresh, { sanitize: (s) => s, renderMarkdown: (s) => s, figure: figuresOf(page, () => '') }, new Date(0));
    expect(gutted).not.toContain('<svg');
    expect(gutted).toContain(
      '<p class="figure-note">Interactive figure “linear-mapping”: open the lesson in Quantization Lab to use it.</p>',
    );
  });
});
