// Exports draw the lesson's figures as the student left them: in the chapter lesson, type a
// value into the bit explorer and move the linear mapping's bits slider with the keyboard,
// then export .ipynb and HTML from the Export menu. Each file has every figure as a
// standalone SVG (valid XML, no script, foreignObject, handler or remote URL) showing the
// changed state; the notebook validates against the nbformat schema.
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import type { Ipynb } from '../../app/export/ipynb.ts';
import { ipynbErrors } from '../../app/export/validate-ipynb.ts';

const FIGURES = ['integer-ranges', 'bit-explorer', 'mac-walkthrough', 'linear-mapping', 'dynamic-range', 'ptq-table'];

async function exportAs(page: Page, label: RegExp): Promise<string> {
  await page.getByText('Export', { exact: true }).click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: label }).click()]);
  return readFile(await download.path(), 'utf8');
}

interface SvgReport {
  readonly parseError: string | null;
  readonly root: string;
  readonly namespace: string | null;
  readonly live: string[];
  readonly texts: string[];
}

/** Parsed by the browser's own XML parser, as an image viewer would: what is in it and whether it is well-formed. */
function inspectSvg(page: Page, svg: string): Promise<SvgReport> {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const error = doc.querySelector('parsererror');
    const live: string[] = [];
    for (const el of Array.from(doc.getElementsByTagName('*'))) {
      if (/^(script|foreignObject|iframe|use|image|a|style)$/i.test(el.localName)) live.push(el.localName);
      for (const a of Array.from(el.attributes)) {
        if (a.name === 'xmlns') continue; // the SVG namespace's name, not a request
        if (/^on|href$/i.test(a.name) || /url\(|https?:|javascript:/i.test(a.value)) live.push(`${el.localName}@${a.name}`);
      }
    }
    return {
      parseError: error === null ? null : error.textContent,
      root: doc.documentElement.localName,
      namespace: doc.documentElement.namespaceURI,
      live,
      texts: Array.from(doc.getElementsByTagName('text'), (t) => t.textContent ?? ''),
    };
  }, svg);
}

const bitsOf = (texts: readonly string[]): string => texts.filter((t) => t === '0' || t === '1').join('');

test('exported figures are static SVGs of what the student set, in .ipynb and HTML', async ({ page }) => {
  await page.goto('/?lesson=14-quantization');
  const bits = page.locator('[data-figure="bit-explorer"] figure');
  await bits.scrollIntoViewIfNeeded();
  await bits.getByLabel('Value', { exact: true }).fill('0.1');
  await expect(bits.getByTestId('typed-exact')).toHaveText('0.1000000000000000055511151231257827021181583404541015625');

  const linear = page.locator('[data-figure="linear-mapping"] figure');
  await linear.scrollIntoViewIfNeeded();
  const slider = linear.getByRole('slider', { name: 'bits' });
  await slider.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight'); // 3 bits: int3, q in [-4, 3]
  await expect(slider).toHaveAttribute('aria-valuetext', '3 (8 levels)');
  const scale = await linear.getByTestId('scale').textContent();
  const zero = await linear.getByTestId('zero-point').textContent();
  const q = await linear.getByTestId('q').textContent();
  expect(scale).toBe('0.5714285714285714'); // (2.5 − (−1.5)) / (3 − (−4)) = 4/7

  // .ipynb: each figure a Markdown cell with its SVG as an attachment, shown by ![…](attachment:…).
  const nb = JSON.parse(await exportAs(page, /Jupyter notebook/)) as Ipynb;
  expect(ipynbErrors(nb)).toEqual([]);
  const figureCells = nb.cells.filter((c) => c.cell_type === 'markdown' && c.attachments !== undefined);
  expect(figureCells.map((c) => c.source.join('').match(/Interactive figure: ([\w-]+)/)?.[1])).toEqual(FIGURES);
  const nbSvgs = new Map<string, SvgReport>();
  for (const [k, c] of figureCells.entries()) {
    if (c.cell_type !== 'markdown') continue;
    const [file, bundle] = Object.entries(c.attachments!)[0]!;
    expect(c.source.join('')).toContain(`](attachment:${file})`);
    const svg = Buffer.from(String(bundle['image/svg+xml']), 'base64').toString('utf8');
    const report = await inspectSvg(page, svg);
    expect(report.parseError, FIGURES[k]).toBeNull();
    expect([report.root, report.namespace]).toEqual(['svg', 'http://www.w3.org/2000/svg']);
    expect(report.live, FIGURES[k]).toEqual([]);
    nbSvgs.set(FIGURES[k]!, report);
  }
  // 0.1 → float32 0x3DCCCCCD, float16 0x2E66, bfloat16 0x3DCD: the bits of what was typed, not of the lesson's 1/3.
  expect(bitsOf(nbSvgs.get('bit-explorer')!.texts)).toBe('00111101110011001100110011001101' + '0010111001100110' + '0011110111001101');
  const linearTexts = nbSvgs.get('linear-mapping')!.texts;
  expect(linearTexts[0]).toBe('Linear quantization: [-1.5, 2.5] → int3 [-4, 3] (3 bits, signed)');
  expect(linearTexts).toEqual(expect.arrayContaining([scale, zero, `q = ${q}`, `z = ${zero}`]));
  // A figure nobody touched shows its lesson state (the chapter's dynamic-range starts at outlier 20).
  expect(nbSvgs.get('dynamic-range')!.texts).toContain('int8 round-trip error with the outlier at 20 (rounded to 4 digits)');

  // HTML: the same pictures inline, each in a <figure> with its caption and the link back; the CSP forbids every request.
  const html = await exportAs(page, /Web page/);
  expect(html).toContain(
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">`,
  );
  const inHtml = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'text/html');
    return Array.from(doc.querySelectorAll('figure.figure-static'), (f) => ({
      name: f.getAttribute('data-figure'),
      svg: new XMLSerializer().serializeToString(f.querySelector('svg')!),
      caption: f.querySelector('figcaption')?.textContent ?? '',
      link: f.querySelector('figcaption a')?.getAttribute('href') ?? null,
    }));
  }, html);
  expect(inHtml.map((f) => f.name)).toEqual(FIGURES);
  for (const f of inHtml) {
    const report = await inspectSvg(page, f.svg);
    expect(report.parseError, f.name!).toBeNull();
    expect(report.live, f.name!).toEqual([]);
    expect(report.texts).toEqual(nbSvgs.get(f.name!)!.texts);
    expect(f.link).toMatch(/\?lesson=14-quantization$/);
  }
  expect(inHtml.find((f) => f.name === 'linear-mapping')!.caption).toContain(`s = ${scale}, z = ${zero}`);
  expect(html).not.toMatch(/<script|foreignObject/i);
});
