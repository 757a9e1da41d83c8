// `npm run bench`: performance figures (never timed tests). Prints a table and
// JSON, and writes bench-results/latest.json. Sections: notebook (issue 2),
// numeric (issue 3), models (issue 5), blip (issue 6), hub (issue 13: checkpoint readers, Node only), blip-hub (issue 13: graphs built in the page; blip-hub-cold: only cache → first caption and its memory), big (issue 12: big lessons), outputs (issue 15: saved-output writes, Node only), wasm-gemm (issue 13: hand-written WebAssembly fp32 and int8 GEMM kernels vs onnxruntime-web's MatMul, its own Chromium page; bench/wasm-gemm/CONTEXT.md), vision-wasm (issue 13: BLIP's vision encoder on app/wasm vs onnxruntime-web's vision graph, its own Chromium page; bench/vision-wasm/CONTEXT.md), decoder-wasm (issue 13: BLIP's text decoder on app/wasm vs onnxruntime-web's cross + cached decoder graphs, its own Chromium pages; bench/decoder-wasm/CONTEXT.md). Figures are medians; ratios compare with a baseline
// measured in the same run, since this machine is shared and noisy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchNotebook } from '../bench/notebook.ts';
import { benchNumericBrowser, benchNumericNode } from '../bench/numeric.ts';
import { benchModelsNode } from '../bench/models-node.ts';
import { benchModelsBrowser } from '../bench/models-browser.ts';
import { benchBlip } from '../bench/blip.ts';
import { benchHub } from '../bench/hub.ts';
import { benchBlipHub } from '../bench/blip-hub.ts';
import { benchBigLessons } from '../bench/big-lessons.ts';
import { benchSavedOutputs } from '../bench/saved-outputs.ts';
import { benchWasmGemm } from '../bench/wasm-gemm/node-driver.ts';
import { benchVisionWasm } from '../bench/vision-wasm/node-driver.ts';
import { benchDecoderWasm } from '../bench/decoder-wasm/node-driver.ts';
import { launchChromium, root, servePreview } from './lib/browser.ts';
import { printTable, type BenchRow } from './lib/stats.ts';

const args = process.argv.slice(2);
/** `SECTION:ROW` (e.g. `notebook:print-10k`) runs one row of a section that offers it. */
const only = new Set(args.map((a) => a.split(':')[0]));
const SECTIONS = [
  'notebook',
  'numeric',
  'models',
  'blip',
  'blip-hub',
  'blip-hub-cold',
  'big',
  'hub',
  'outputs',
  'wasm-gemm',
  'vision-wasm',
  'decoder-wasm',
];
const unknown = [...only].filter((s) => s === undefined || !SECTIONS.includes(s));
if (unknown.length > 0) {
  // A misspelt section would otherwise run nothing and print an empty table.
  console.error(
    `npm run bench: no section ${unknown.map((s) => `'${s ?? ''}'`).join(', ')}; the sections are ${SECTIONS.join(', ')} (none: all)`,
  );
  process.exit(2);
}
const wants = (section: string): boolean => only.size === 0 || only.has(section);
const rowOf = (section: string): string | undefined => args.find((a) => a.startsWith(`${section}:`))?.slice(section.length + 1);

/** Browser latency over native latency for rows that measure the same thing. */
function browserVsNative(browserRows: readonly BenchRow[], nativeRows: readonly BenchRow[]): BenchRow[] {
  // Same thread count on both sides: the native rows are all 1 thread.
  const key = (r: BenchRow) => r.name;
  const native = new Map(nativeRows.filter((r) => r.unit === 'ms' && r.name.includes('latency')).map((r) => [key(r), r]));
  return browserRows
    .filter((r) => r.unit === 'ms' && r.name.includes('latency') && r.section.includes('1 thread') && native.has(key(r)))
    .map((r) => {
      const ratio = r.value / native.get(key(r))!.value;
      return {
        section: 'models: browser vs native',
        name: key(r),
        value: ratio,
        unit: 'x',
        goal: 'browser within 2x of native',
        met: ratio <= 2,
      };
    });
}

/** The sections that need a production build and Chromium (`npm run bench hub` needs neither). */
async function browserSections(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const server = await servePreview({ rebuild: true });
  const browser = await launchChromium();
  try {
    if (wants('notebook')) rows.push(...(await benchNotebook(browser, server.url, rowOf('notebook'))));
    if (wants('numeric')) {
      rows.push(...(await benchNumericNode()));
      rows.push(...(await benchNumericBrowser(browser, server.url)));
    }
    if (wants('models')) {
      const native = await benchModelsNode();
      const inBrowser = await benchModelsBrowser(browser, server.url);
      rows.push(...native, ...inBrowser, ...browserVsNative(inBrowser, native));
    }
    if (wants('blip')) rows.push(...(await benchBlip(browser, server.url)));
    if (wants('blip-hub')) rows.push(...(await benchBlipHub(server.url)));
    else if (wants('blip-hub-cold')) rows.push(...(await benchBlipHub(server.url, { coldOnly: true })));
    if (wants('big')) rows.push(...(await benchBigLessons(browser, server.url)));
  } finally {
    await browser.close();
    await server.close();
  }
  return rows;
}

async function main(): Promise<void> {
  const rows: BenchRow[] = [];
  if (wants('hub')) rows.push(...(await benchHub()));
  if (wants('outputs')) rows.push(...(await benchSavedOutputs()));
  // Its own loopback page and Chromium (no app build needed).
  if (wants('wasm-gemm')) rows.push(...(await benchWasmGemm()));
  if (wants('vision-wasm')) rows.push(...(await benchVisionWasm()));
  if (wants('decoder-wasm')) rows.push(...(await benchDecoderWasm()));
  if (['notebook', 'numeric', 'models', 'blip', 'blip-hub', 'blip-hub-cold', 'big'].some(wants)) rows.push(...(await browserSections()));
  const report = { date: new Date().toISOString(), machine: { cores: (await import('node:os')).cpus().length }, rows };
  mkdirSync(resolve(root, 'bench-results'), { recursive: true });
  writeFileSync(resolve(root, 'bench-results', 'latest.json'), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  console.log('');
  printTable(rows);
}

await main();
