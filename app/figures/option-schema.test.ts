import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { FIGURE_OPTIONS, figureProblems } from './option-schema.ts';
import { figures } from './registry.ts';

const lessonWith = (fence: string): string => `---\ntitle: Figures\n---\n\nText.\n\n${fence}\n`;
const errorsOf = (fence: string) => {
  const r = buildLessonPage(lessonWith(fence), 'lessons/f.md');
  return r.ok ? [] : r.errors.map((e) => `${e.path}:${e.line}: ${e.message}`);
};

describe('figure fences are checked like broken YAML: the fence, its line, what is wrong', () => {
  it('an unknown or missing figure name', () => {
    const names = Object.keys(FIGURE_OPTIONS).join(', ');
    expect(errorsOf('```figure bit-explorr\n```')).toEqual([`lessons/f.md:7: unknown figure "bit-explorr"; the figures are ${names}`]);
    expect(errorsOf('```figure\n```')).toEqual([`lessons/f.md:7: a figure fence needs a name: \`\`\`figure NAME, one of ${names}`]);
    expect(errorsOf('~~~figure <script>alert(1)</script>\n~~~')).toEqual([
      `lessons/f.md:7: unknown figure "<script>alert(1)</script>"; the figures are ${names}`,
    ]);
  });

  it('absurd values: out of range, NaN, not a number, the wrong type', () => {
    expect(errorsOf('```figure linear-mapping\nbits: 1e9\nrmin: .nan\nrmax: NaN\nsigned: "yes"\n```')).toEqual([
      'lessons/f.md:7: figure linear-mapping: bits must be a whole number from 2 to 8, not 1000000000',
      'lessons/f.md:7: figure linear-mapping: rmin must be a number from -4 to 0, not NaN',
      'lessons/f.md:7: figure linear-mapping: rmax must be a number from 0 to 4, not "NaN"',
      'lessons/f.md:7: figure linear-mapping: signed must be true or false, not "yes"',
    ]);
    expect(errorsOf('```figure bit-explorer\nvalue: <script>\n```')).toEqual([
      'lessons/f.md:7: figure bit-explorer: value must be a number as you would type it (0.1, 1/3, -0, inf, nan), not "<script>"',
    ]);
    expect(errorsOf('```figure mac-walkthrough\na: 2.5\nacc: 40000\n```')).toEqual([
      'lessons/f.md:7: figure mac-walkthrough: a must be a whole number from -128 to 127, not 2.5',
      'lessons/f.md:7: figure mac-walkthrough: acc must be a whole number from -32768 to 32767, not 40000',
    ]);
    expect(errorsOf('```figure integer-ranges\nvalue: [1]\n```')).toEqual([
      'lessons/f.md:7: figure integer-ranges: value must be a whole number (in quotes beyond 2^53), not a list',
    ]);
  });

  it('an option the figure does not have', () => {
    expect(errorsOf('```figure linear-mapping\nbitz: 4\n```')).toEqual([
      'lessons/f.md:7: figure linear-mapping has no option "bitz" (its options: rmin, rmax, bits, signed, r)',
    ]);
    expect(errorsOf('```figure ptq-table\nx: 1\n```')).toEqual(['lessons/f.md:7: figure ptq-table has no option "x" (it takes none)']);
  });

  it('sensible options pass, at the ends of their ranges too', () => {
    expect(figureProblems('linear-mapping', { rmin: -4, rmax: 0, bits: 2, signed: true, r: 5 })).toEqual([]);
    expect(figureProblems('bit-explorer', { value: '1/3' })).toEqual([]);
    expect(figureProblems('bit-explorer', { value: 0.1 })).toEqual([]);
    expect(figureProblems('integer-ranges', { value: '99999999999999999999' })).toEqual([]);
    expect(figureProblems('dynamic-range', { outlier: 100, seed: 7, channel: 3, symmetric: false })).toEqual([]);
  });
});

it('the registry has exactly the figures the checker knows', () => {
  expect(Object.keys(figures).sort()).toEqual(Object.keys(FIGURE_OPTIONS).sort());
});

it('every shipped lesson still loads', () => {
  for (const file of readdirSync('lessons').filter((f) => f.endsWith('.md'))) {
    const r = buildLessonPage(readFileSync(`lessons/${file}`, 'utf8'), `lessons/${file}`);
    expect(r.ok ? [] : r.errors).toEqual([]);
  }
});
