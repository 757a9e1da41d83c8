// Issue 6's figures: tiny BLIP caption latency per variant, in Chromium (the
// app's own runtime, through cells) and natively in onnxruntime-node with the
// same generation code; the browser/native ratio. A BLIP-base-sized model with
// random weights (made by scripts/tiny_blip/make_base_sized.py, not committed)
// is measured too when present.
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { Browser } from '@playwright/test';
import * as ortNode from 'onnxruntime-node';
import { encodeImage, generate } from '../app/models/blip/generate.ts';
import { preprocessBlip, type PreprocessorConfig } from '../app/models/blip/preprocess.ts';
import { loadModel, saveModel } from '../app/onnx/model.ts';
import type { TransformConfig } from '../app/onnx/plan.ts';
import { decodePng } from '../app/onnx/node/png-decode.ts';
import { transformModel } from '../app/onnx/transform.ts';
import { root } from '../scripts/lib/browser.ts';
import { median, type BenchRow } from '../scripts/lib/stats.ts';
import { runCellsInApp } from './run-cells.ts';
import { samplePeakRss } from './proc-memory.ts';

const VARIANTS: readonly { name: string; config: TransformConfig | null; cell: string }[] = [
  { name: 'fp32', config: null, cell: 'm' },
  { name: 'float16 weights', config: { default: 'float16' }, cell: 'm.to(torch.float16)' },
  { name: 'bfloat16 weights', config: { default: 'bfloat16' }, cell: 'm.to(torch.bfloat16)' },
  { name: 'int8 per-channel', config: { default: 'int8' }, cell: 'm.quantize()' },
  { name: 'dynamic int8 (MatMul)', config: { byOp: { MatMul: 'dynamic' }, default: 'fp32' }, cell: 'm.quantize_dynamic()' },
];
const SAMPLES = 12;
const REPEATS = 3;

interface Folder {
  readonly dir: string;
  readonly samples: { data: Uint8ClampedArray; width: number; height: number }[];
}

function tinyBlip(): Folder | null {
  const dir = resolve(root, 'models/tiny-blip');
  const sampleDir = resolve(root, 'public/samples/tiny-blip');
  if (!existsSync(resolve(dir, 'vision_model.onnx')) || !existsSync(sampleDir)) return null;
  const files = readdirSync(sampleDir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .slice(0, SAMPLES);
  const samples = files.map((f) => {
    const png = decodePng(new Uint8Array(readFileSync(resolve(sampleDir, f))));
    return { data: new Uint8ClampedArray(png.data), width: png.width, height: png.height };
  });
  return { dir, samples };
}

async function nativeLatency(folder: Folder, config: TransformConfig | null): Promise<number> {
  const json = <T>(f: string): T => JSON.parse(readFileSync(resolve(folder.dir, f), 'utf8'));
  const cfg = json<{ decoder_start_token_id: number; sep_token_id: number; max_length?: number }>('config.json');
  const pre = json<PreprocessorConfig>('preprocessor_config.json');
  const graph = (f: string) => {
    const model = loadModel(new Uint8Array(readFileSync(resolve(folder.dir, f))), f);
    return saveModel(config === null ? model : transformModel(model, config).model);
  };
  // As many threads as the app gives onnxruntime-web in an isolated page (app/models/ort.ts defaultThreads).
  const options = { intraOpNumThreads: THREADS, interOpNumThreads: 1, extra: { session: { disable_quant_qdq: '1' } } };
  const vision = await ortNode.InferenceSession.create(graph('vision_model.onnx'), options);
  const decoder = await ortNode.InferenceSession.create(graph('text_decoder_model.onnx'), options);
  const caption = async (image: (typeof folder.samples)[number]): Promise<number> => {
    const t0 = performance.now();
    const embeds = await encodeImage(ortNode, vision, preprocessBlip(image, pre));
    await generate(ortNode, decoder, embeds, {
      bos: cfg.decoder_start_token_id,
      sep: cfg.sep_token_id,
      maxNewTokens: cfg.max_length ?? 20,
      numBeams: 1,
    });
    return performance.now() - t0;
  };
  for (const image of folder.samples) await caption(image); // warm up, as the browser side does
  const times: number[] = [];
  for (let r = 0; r < REPEATS; r++) for (const image of folder.samples) times.push(await caption(image));
  return median(times);
}

const browserCell = (expr: string) => `{
  const v = ${expr}
  const samples = (await blip.samples()).slice(0, ${SAMPLES})
  for (const s of samples) await v.run(s) // warm up: the first runs of a session (and of the runtime) are slower
  const ms = []
  for (let r = 0; r < ${REPEATS}; r++) for (const s of samples) ms.push((await v.run(s)).ms)
  ms.sort((a, b) => a - b)
  print(ms[ms.length >> 1])
}`;

const BASE_SIZED = '/tmp/blip-base-random';
/** The app's thread count in an isolated page on this machine: every core up to 4. */
const THREADS = Math.min(4, cpus().length);

/**
 * A BLIP-base-sized model with random weights (~1 GB), served to the page by a
 * small local HTTP server with CORS and CORP headers, loaded by URL as a user would.
 */
async function benchBaseSized(browser: Browser, url: string): Promise<BenchRow[]> {
  if (!existsSync(resolve(BASE_SIZED, 'vision_model.onnx'))) return [];
  const server = createServer((req, res) => {
    const file = resolve(BASE_SIZED, (req.url ?? '').split('/').pop() ?? '');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Length': String(statSync(file).size),
    });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const address = server.address();
  const modelUrl = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/`;
  const context = await browser.newContext();
  const page = await context.newPage();
  const memory = samplePeakRss();
  const out = await runCellsInApp(page, url, [
    `const t0 = performance.now()\nconst m = await models.load("${modelUrl}")\nprint(performance.now() - t0)`,
    'const c = new OffscreenCanvas(500, 350).getContext("2d")!\nc.fillStyle = "#8ac"; c.fillRect(0, 0, 500, 350)\nconst img = c.getImageData(0, 0, 500, 350)\nawait m.run(img, { max_new_tokens: 5 })\nconst r = await m.run(img, { max_new_tokens: 20 })\nprint(r.ms, r.tokens.length)',
  ]);
  const peak = memory.stop();
  await context.close();
  server.close();
  // models.load prints its download lines first; the time is the cell's last line.
  const loadLine = (out[0] ?? '').split('\n').at(-1) ?? '';
  if (!/^[\d.]+$/.test(loadLine)) throw new Error(`loading failed: ${(out[0] ?? '').replaceAll('\n', ' | ')} ${out[1] ?? ''}`);
  const loadMs = Number(loadLine);
  const [captionMs, tokens] = (out[1] ?? '').split(' ').map(Number);
  return [
    { section: 'blip-base-sized (random weights)', name: 'load (fetch + parse + checks)', value: loadMs ?? Number.NaN, unit: 'ms' },
    {
      section: 'blip-base-sized (random weights)',
      name: `caption, ${tokens} tokens, chromium`,
      value: captionMs ?? Number.NaN,
      unit: 'ms',
    },
    { section: 'blip-base-sized (random weights)', name: 'peak memory of the browser processes', value: peak / 1e6, unit: 'MB' },
  ];
}

export async function benchBlip(browser: Browser, url: string): Promise<BenchRow[]> {
  const base = await benchBaseSized(browser, url).catch((e: unknown) => [
    {
      section: 'blip-base-sized (random weights)',
      name: `failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
      value: Number.NaN,
      unit: '',
    },
  ]);
  const folder = tinyBlip();
  if (folder === null) return [{ section: 'blip', name: 'tiny BLIP not built yet (scripts/tiny_blip)', value: Number.NaN, unit: '' }];
  const context = await browser.newContext();
  const page = await context.newPage();
  const outputs = await runCellsInApp(page, url, ['const m = await models.load("tiny-blip")', ...VARIANTS.map((v) => browserCell(v.cell))]);
  await context.close();
  const rows: BenchRow[] = [];
  for (const [i, v] of VARIANTS.entries()) {
    const browserMs = Number(outputs[i + 1]);
    const nativeMs = await nativeLatency(folder, v.config);
    rows.push({
      section: `blip (${THREADS} threads, both sides)`,
      name: `tiny BLIP ${v.name}: caption, chromium`,
      value: browserMs,
      unit: 'ms',
      goal: '< 50 ms',
      met: browserMs < 50,
      ratio: browserMs / nativeMs,
      baseline: 'native',
    });
    rows.push({
      section: `blip (${THREADS} threads, both sides)`,
      name: `tiny BLIP ${v.name}: caption, onnxruntime-node`,
      value: nativeMs,
      unit: 'ms',
    });
  }
  return [...rows, ...base];
}
