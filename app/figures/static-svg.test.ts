// The static SVG of each figure kind (what exports embed) shows the state it is given: the bits of
// the typed value, the chosen scale and zero point, the typed number's fit, the MAC trace, the
// outlier's error table; and every picture is standalone, well-formed SVG with nothing live in it.
import { describe, expect, it } from 'vitest';
import { flipBit } from '../torch/bits.ts';
import { bitExplorerDefaults, defaultFigureState, linearDefaults, type FigureState } from './figure-state.ts';
import { measure, seededTensor, withOutlier } from './dynamic.ts';
import { dB } from './format.ts';
import { FIGURE_OPTIONS } from './option-schema.ts';
import { ptqSvg } from './ptq-svg.ts';
import { staticFigureSvg } from './static-figure.ts';

/** The text content of every <text>, in document order, entities decoded. */
const texts = (svg: string): string[] =>
  [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );

/** Well-formed XML as far as these builders can go wrong: balanced tags, quoted attributes, known entities only. */
function problems(svg: string): string[] {
  const out: string[] = [];
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|<[^>]*>/g)) {
    if (m[2] === undefined) {
      out.push(`malformed tag ${m[0].slice(0, 60)}`);
      continue;
    }
    if (m[1] === '/') {
      if (stack.pop() !== m[2]) out.push(`unbalanced </${m[2]}>`);
    } else if (m[4] !== '/') stack.push(m[2]);
  }
  if (stack.length > 0) out.push(`unclosed ${stack.join(', ')}`);
  for (const e of svg.matchAll(/&(\w+|#\d+);?/g)) if (!/^&(amp|lt|gt|quot|apos|#\d+);$/.test(e[0])) out.push(`entity ${e[0]}`);
  if (/foreignObject|<script|\son\w+=|href=|url\(|<style/i.test(svg)) out.push('live or external content');
  if (!svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')) out.push('no SVG namespace');
  if (/NaN|Infinity|undefined/.test(svg.replace(/<text[^>]*>[^<]*<\/text>/g, ''))) out.push('a non-number in an attribute');
  return out;
}

describe('static figure SVGs', () => {
  for (const name of Object.keys(FIGURE_OPTIONS)) {
    it(`${name}: its default state draws as standalone, well-formed SVG with a title and alt text`, () => {
      const state = defaultFigureState(name, {});
      expect(state?.name).toBe(name);
      const { svg, alt } = staticFigureSvg(state!);
      expect(problems(svg)).toEqual([]);
      expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 \d+(\.\d+)? \d+(\.\d+)?"/);
      expect(svg).toContain(`<title>`);
      expect(alt.length).toBeGreaterThan(20);
    });
  }

  it('bit explorer: the bits of the typed value in float32, float16 and bfloat16; a flipped bit shows as such', () => {
    const state = bitExplorerDefaults({ value: '0.1' });
    const bits = (svg: string) =>
      texts(svg)
        .filter((t) => t === '0' || t === '1')
        .join('');
    const { svg, alt } = staticFigureSvg(state);
    // 0.1 → float32 0x3DCCCCCD, float16 0x2E66, bfloat16 0x3DCD.
    expect(bits(svg)).toBe('00111101110011001100110011001101' + '0010111001100110' + '0011110111001101');
    expect(texts(svg)).toContain('0.100000001490116119384765625 (normal)');
    expect(alt).toContain('float16 0010111001100110 = 0.0999755859375');
    // The sign bit of float32 flipped: −0.1 there, the other formats unchanged.
    const flipped: FigureState = {
      ...state,
      values: { ...state.values, float32: Number(flipBit(state.values.float32, 'float32', 31)) },
      edited: ['float32'],
    };
    const after = staticFigureSvg(flipped).svg;
    expect(bits(after)).toBe('10111101110011001100110011001101' + '0010111001100110' + '0011110111001101');
    expect(texts(after)).toContain('-0.100000001490116119384765625 (normal)');
    expect(texts(after).filter((t) => t === 'changed by bit flips')).toHaveLength(1);
  });

  it('linear mapping: the chosen range, bits and r give s, z, q and r′ as the core computes them', () => {
    const s8 = staticFigureSvg({ ...linearDefaults({}), rmin: -1, rmax: 1, bits: 8, signed: false, r: 0.5 });
    const t8 = texts(s8.svg);
    expect(t8).toEqual(
      expect.arrayContaining(['0.00784313725490196', 'z = 128', 'q = 192', String(Math.fround(Math.fround(2 / 255) * 64))]),
    );
    expect(t8[0]).toBe('Linear quantization: [-1.0, 1.0] → uint8 [0, 255] (8 bits, unsigned)');
    expect(s8.alt).toBe(
      `Linear mapping: s = 0.00784313725490196, z = 128; r = 0.5 → q = 192 → r′ = ${Math.fround(Math.fround(2 / 255) * 64)}, error ${Math.fround(Math.fround(2 / 255) * 64) - 0.5}`,
    );
    // 4 bits: 16 levels, every q labelled; 16 level ticks on the r axis.
    const s4 = staticFigureSvg({ ...linearDefaults({}), rmin: -1, rmax: 1, bits: 4, signed: false, r: 3 });
    const t4 = texts(s4.svg);
    expect(t4).toEqual(expect.arrayContaining(['0.13333333333333333', 'z = 8', 'q = 15', '15 (clamped to qmax)']));
    expect(Array.from({ length: 16 }, (_, q) => t4.includes(String(q)))).toEqual(new Array(16).fill(true));
    expect([...s4.svg.matchAll(/stroke="#d0632b"/g)]).toHaveLength(16);
  });

  it('integer ranges: the typed number and which dtypes hold it; a non-integer says so', () => {
    const t = texts(staticFigureSvg({ name: 'integer-ranges', text: '-129' }).svg);
    expect(t).toEqual(
      expect.arrayContaining(['holds -129?', '-9223372036854775808', '9223372036854775807', '-129 fits in int16, int32, int64.']),
    );
    const answers = t.filter((x) => x === 'yes' || x === 'no');
    expect(answers).toEqual(['no', 'no', 'yes', 'yes', 'yes']);
    const bad = texts(staticFigureSvg({ name: 'integer-ranges', text: '1.5' }).svg);
    expect(bad).toContain('“1.5” is not a whole number.');
    expect(bad.filter((x) => x === 'yes' || x === 'no')).toEqual([]);
  });

  it('MAC walkthrough: the chapter example, then an accumulator overflow that wraps (int8) and saturates (Q7)', () => {
    const chapter = texts(staticFigureSvg({ name: 'mac-walkthrough', a: -50, b: 30, acc: 500 }).svg);
    expect(chapter).toEqual(
      expect.arrayContaining(['11111100 00011000', '-1000', '00000001 11101000', '3.8125', 'No overflow: the exact sum -1000 fits int16.']),
    );
    const over = staticFigureSvg({ name: 'mac-walkthrough', a: 127, b: 127, acc: 32700 });
    // 32700 + 127 × 127 = 48829 > 32767: int16 wraps to 48829 − 65536 = −16707.
    expect(over.alt).toContain('int8 path → -16707 (wrapped)');
    expect(texts(over.svg).join(' ')).toContain('⚠ Overflow: 48829 does not fit int16. The low bits are kept (wrap-around): -16707.');
    expect(over.svg).toContain('fill="#fff6dd"');
  });

  it('dynamic range: the error table and SNR for the chosen outlier, channel and scheme', () => {
    const state = { name: 'dynamic-range', seed: 0, outlier: 50, channel: 2, symmetric: true } as const;
    const { svg, alt } = staticFigureSvg(state);
    const data = withOutlier(seededTensor(0), 50);
    const tensor = measure(data, 'tensor', true);
    const channel = measure(data, 'channel', true);
    const t = texts(svg);
    expect(t).toEqual(
      expect.arrayContaining([
        dB(tensor.all.snrDb),
        dB(channel.all.snrDb),
        'Per channel: channel 2 has its own scale',
        'int8 round-trip error with the outlier at 50 (rounded to 4 digits)',
      ]),
    );
    expect(tensor.all.snrDb).toBeLessThan(channel.all.snrDb);
    expect(alt).toContain(`outlier 50: SNR per tensor ${dB(tensor.all.snrDb)}, per channel ${dB(channel.all.snrDb)}`);
    expect(t[1]).toContain('symmetric (z = 0)');
    // Two histograms of 48 bins each.
    expect([...svg.matchAll(/<rect [^>]*fill="#2952a3" fill-opacity="0.75"/g)]).toHaveLength(96);
    expect(staticFigureSvg({ ...state, outlier: 20 }).svg).not.toBe(svg);
  });

  it('PTQ table: the chapter rows with what was measured, or that nothing was', () => {
    const none = texts(ptqSvg({ kind: 'none' }).svg);
    expect(none.filter((x) => x.startsWith('not measured yet'))).toHaveLength(3);
    const data = { model: 'tiny CNN', float32: { bytes: 400_000 }, techniques: { float16: { bytes: 200_000, latencyMs: 3 } } };
    const some = texts(ptqSvg({ kind: 'ok', data }).svg).join(' ');
    expect(some).toContain('200,000 bytes (0.20 MB), 2.00x smaller than float32, 3 ms per inference');
    expect(some).toContain('float32 baseline: 400,000 bytes (0.40 MB) (tiny CNN).');
  });

  it('escapes what a student typed: markup in the value box is text in the picture', () => {
    const { svg } = staticFigureSvg({ ...bitExplorerDefaults({}), text: '<script>alert(1)</script> & "x"' });
    expect(problems(svg)).toEqual([]);
    expect(texts(svg).join(' ')).toContain('Value typed: <script>alert(1)</script> & "x"');
  });
});
