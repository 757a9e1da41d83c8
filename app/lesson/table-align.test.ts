import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render.ts';
import { columnKinds, isNumberCell, SHORT_TEXT, shortColumns } from './table-align.ts';

describe('table column kinds', () => {
  it('numbers as tables show them are numbers; anything else is text', () => {
    for (const n of [
      '0',
      '-128',
      '+3',
      '\u22121.5',
      '3.14',
      '.5',
      '1e-3',
      '2.5E+10',
      '1,234,567',
      '12%',
      'inf',
      '-inf',
      'nan',
      '`127`',
      '**0.5**',
      ' 42 ',
    ])
      expect(isNumberCell(n), n).toBe(true);
    for (const t of ['4x smaller', 'Q31', 'int8', '1,23', '12,3456', '1.2.3', '0x1F', '2^8', '--1', '', 'CPU, GPU', '`q7_t`', '1 000'])
      expect(isNumberCell(t), t).toBe(false);
  });

  it('a column is numeric when every non-empty body cell is a number and one is there', () => {
    expect(
      columnKinds(
        [
          ['int8', '-128', '', ''],
          ['int16', '-32768', '7', ''],
        ],
        4,
      ),
    ).toEqual(['text', 'num', 'num', 'text']);
    expect(
      columnKinds(
        [
          ['a', '1'],
          ['b', 'n/a'],
        ],
        2,
      ),
    ).toEqual(['text', 'text']);
    expect(columnKinds([], 2)).toEqual(['text', 'text']);
  });
});

describe('lesson Markdown tables', () => {
  it('a text column whose cells are all short stays on one line (col-short); a long one may wrap', () => {
    const long = 'CPU, Edge TPU, microcontrollers';
    expect(long.length).toBeGreaterThan(SHORT_TEXT);
    const html = renderMarkdown(`| Technique | Hardware |\n|---|---|\n| Dynamic range quantization | ${long} |\n`);
    expect(html).toContain('<td class="col-text col-short">Dynamic range quantization</td>');
    expect(html).toContain(`<td class="col-text">${long}</td>`);
    expect(shortColumns([['a', long]], 2)).toEqual([true, false]);
  });

  it('get col-num / col-text per column on header and body cells; an explicit alignment wins', () => {
    const html = renderMarkdown(
      '| Type | Bits | Max | Note |\n|---|---|:---:|---|\n| int8 | 8 | 127 | small |\n| int16 | 16 | 32767 | |\n',
    );
    expect(html).toContain('<th class="col-text col-short">Type</th>');
    expect(html).toContain('<th class="col-num">Bits</th>');
    expect(html).toContain('<td class="col-num">16</td>');
    expect(html).toContain('<th style="text-align:center">Max</th>');
    expect(html).toContain('<td style="text-align:center">127</td>');
    expect(html).not.toMatch(/style="text-align:center" class=|class="col-[a-z]+" style=/);
    expect(html).toContain('<td class="col-text col-short">small</td>');
  });

  it('two tables in one text are classed separately', () => {
    const html = renderMarkdown('| a |\n|---|\n| 1 |\n\ntext\n\n| b |\n|---|\n| x |\n');
    expect(html).toContain('<td class="col-num">1</td>');
    expect(html).toContain('<td class="col-text col-short">x</td>');
  });
});
