// A generated formula-heavy lesson (issue 12, "Big lessons"): ~`bytes` of
// prose whose every paragraph is dense with inline and display math, with a
// code cell near the top and one every `cellEvery` sections. Used by the
// `big` bench section and by tests/e2e/big-formula-lesson.spec.ts.

export interface FormulaLesson {
  readonly text: string;
  /** How many formulas (inline + display) the lesson holds: what "all typeset" counts to. */
  readonly formulas: number;
  /** How many code cells. */
  readonly cells: number;
}

/** Formulas of section `k`: all different (a cache of typeset formulas must not make the lesson look cheap). */
const inlineFormulas = (k: number): string[] => [
  String.raw`x_{q,${k}} = \mathrm{clamp}\left(\left\lfloor \frac{x_{${k}}}{s_{${k}}} \right\rceil + z, q_{\min}, q_{\max}\right)`,
  String.raw`s_{${k}} = \frac{r_{\max} - r_{\min}}{2^{${(k % 16) + 1}} - 1}`,
  String.raw`\hat{x}_{${k}} = s\,(x_q - z_{${k}})`,
  String.raw`\epsilon_{${k}} \le \tfrac{s}{2}`,
  String.raw`\sum_{i=1}^{${k}} w_i x_i`,
];
// Prose between formulas: about 20,000 formulas in 5 MB, as in the lesson that froze the tab.
const FILLER =
  'which is what the rounding step gives for a tensor whose range was observed on the calibration data, per tensor rather than per channel, with the zero point chosen so that 0.0 is exact;';
const display = (k: number): string =>
  String.raw`\mathrm{SQNR}_{${k}} = 10 \log_{10} \frac{\mathbb{E}[x^2]}{\mathbb{E}[(x - \hat{x})^2]} \approx 6.02\,b + 1.76 \;\text{dB}`;

/** The lesson text; `bytes` is approximate (the text stops at the first section past it). */
export function formulaLesson(bytes = 5_000_000, cellEvery = 40): FormulaLesson {
  const parts = [
    '---',
    'title: Formula-heavy lesson',
    '---',
    '',
    'A generated lesson with many formulas.',
    '',
    '```ts',
    'print("first cell")',
    '```',
    '',
  ];
  let size = parts.join('\n').length;
  let formulas = 0;
  let cells = 1;
  for (let section = 1; size < bytes; section++) {
    const inline = inlineFormulas(section)
      .map((f, i) => `term ${i} of section ${section} is $${f}$ ${FILLER}`)
      .join(' And ');
    const piece = [
      `## Section ${section}`,
      '',
      `In section ${section}, ${inline}.`,
      '',
      '$$',
      display(section),
      '$$',
      '',
      `So $b_{${section}} = ${(section % 16) + 1}$ bits give $2^{b_{${section}}}$ levels.`,
      '',
    ];
    formulas += 5 + 1 + 2;
    if (section % cellEvery === 0) {
      piece.push('```ts', `print(${section})`, '```', '');
      cells++;
    }
    const text = piece.join('\n');
    parts.push(text);
    size += text.length + 1;
  }
  return { text: parts.join('\n'), formulas, cells };
}
