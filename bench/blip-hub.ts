// Issue 13's figures: a BLIP-base-sized checkpoint with random weights (scripts/make-blip-base-random.ts,
// not committed) in the Hub's layout, its graphs built in the page (app/models/blip-hub):
// - 19-token caption, float32, Chromium at the app's thread count: KV cache vs no cache
//   (`use_cache: false`: the exported layout rerun on the whole sequence, what today's
//   app/models/blip runtime does), in the same page; dynamic int8 (MatMul) vs float32;
// - the float32 image encoded by app/wasm's kernels (run()'s default, `vision_engine: 'auto'`)
//   and by onnxruntime-web's vision graph (`vision_engine: 'onnxruntime'`), in the same rounds;
// - the same graphs in onnxruntime-node at the same thread count, each native caption run right after
//   a browser one in the same round (bench/blip-hub-native.ts);
// - from the browser cache to the first caption (a new page), and the peak memory of the
//   browser's processes meanwhile.
// Chromium runs on a profile on disk here (a student's browser), not the bench's incognito context.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { BenchRow } from '../scripts/lib/stats.ts';
import { answerNative, type NativeBlip, openNative } from './blip-hub-native.ts';
import { samplePeakRss } from './proc-memory.ts';
import {
  closeProfile,
  coldOnlyRows,
  coldRows,
  IMAGE_CELL,
  lastLine,
  openProfile,
  type Profile,
  ROUNDS,
  SECTION,
} from './blip-hub-chromium.ts';
import { runCellsInApp } from './run-cells.ts';

const DIR = '/tmp/blip-hub-base-random';
function serve(native: NativeBlip | null): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    if (native !== null && answerNative(native, req.url ?? '', res)) return;
    const file = resolve(DIR, (req.url ?? '').split('/').pop() ?? '');
    if (!existsSync(file)) return void res.writeHead(404).end();
    res.writeHead(200, {
      'Access-Control-Allow-Origin': '*',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Content-Length': String(statSync(file).size),
    });
    createReadStream(file).pipe(res);
  });
  return new Promise((ready) =>
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      ready({ url: `http://127.0.0.1:${typeof a === 'object' && a !== null ? a.port : 0}/`, close: () => server.close() });
    }),
  );
}

async function browserRows(appUrl: string, modelUrl: string): Promise<BenchRow[]> {
  const profile = await openProfile();
  try {
    return await profileRows(profile, appUrl, modelUrl, `${modelUrl}__native/`);
  } finally {
    await closeProfile(profile);
  }
}

/** run() options of the path before app/wasm: both halves on onnxruntime-web. */
const ORT_CELL = 'const ORT = { vision_engine: "onnxruntime", decoder_engine: "onnxruntime" } as const';

/** One native caption, asked of the bench's process from a cell (blip-hub-native.ts); the cell waits for it. */
const nativeCell = (nativeUrl: string): string =>
  `const native = async (kind: string): Promise<{ ms: number; vision_ms: number }> => { const r = await (await fetch("${nativeUrl}" + kind)).json(); if (typeof r.ms !== "number") throw new Error("native " + kind + ": " + r.error); return r }`;

async function profileRows(profile: Profile, appUrl: string, modelUrl: string, nativeUrl: string): Promise<BenchRow[]> {
  // Page 1: download (into the cache), then the timed captions.
  const page = await profile.context.newPage();
  const first = samplePeakRss(200, profile.pid);
  const out = await runCellsInApp(
    page,
    appUrl,
    [
      // Threads need cross-origin isolation in the kernel's worker (app/models/ort.ts): printed so a 1-thread run is seen.
      `const t0 = performance.now()\nconst m = await models.from_pretrained("${modelUrl}")\nprint(crossOriginIsolated ? 1 : 0, navigator.hardwareConcurrency, performance.now() - t0)`,
      // The first run builds the sessions and app/wasm's vision encoder; onnxruntime's vision session is then built for the rounds.
      `${IMAGE_CELL}\n${ORT_CELL}\nconst t1 = performance.now()\nconst w = await m.run(img, { max_new_tokens: 2 })\nconst firstMs = performance.now() - t1\nconst o = await m.run(img, { max_new_tokens: 2, ...ORT })\nprint(w.vision_engine + " / " + w.decoder_engine + " | " + o.vision_engine + " / " + o.decoder_engine)\nprint(firstMs)`,
      // Interleaved rounds: the box is shared, so the cache and no-cache medians, and the browser's and
      // onnxruntime-node's (asked for right after each browser caption), see the same load.
      `${nativeCell(nativeUrl)}\n${ORT_CELL}\nconst cached: number[] = [], uncached: number[] = [], cachedDecode: number[] = [], uncachedDecode: number[] = [], vision: number[] = [], nat: number[] = [], natUncached: number[] = [], natVision: number[] = [], ortCached: number[] = [], ortVision: number[] = []\nlet tokens = 0\nfor (let r = 0; r < ${ROUNDS}; r++) {\n  const c = await m.run(img); cached.push(c.ms); cachedDecode.push(c.ms - c.vision_ms); vision.push(c.vision_ms)\n  const o = await m.run(img, ORT); ortCached.push(o.ms); ortVision.push(o.vision_ms)\n  const n = await native("fp32"); nat.push(n.ms); natVision.push(n.vision_ms)\n  const u = await m.run(img, { use_cache: false }); uncached.push(u.ms); uncachedDecode.push(u.ms - u.vision_ms); tokens = u.ids.length - 1\n  natUncached.push((await native("fp32-no-cache")).ms)\n}\nconst med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]\nprint(med(cached), med(uncached), tokens, med(cachedDecode), med(uncachedDecode), med(vision), med(nat), med(natUncached), med(natVision), med(ortCached), med(ortVision))`,
      `${nativeCell(nativeUrl)}\nconst q = m.quantize_dynamic()\nawait q.run(img, { max_new_tokens: 2 })\nconst q7 = m.quantize_dynamic({ reduce_range: true })\nawait q7.run(img, { max_new_tokens: 2 })\nconst d7: number[] = [], d7v: number[] = [], nd7: number[] = []\nlet eng = ""\nconst f: number[] = [], d: number[] = [], fv: number[] = [], dv: number[] = [], nf: number[] = [], nd: number[] = [], nfv: number[] = [], ndv: number[] = []\nfor (let r = 0; r < ${ROUNDS}; r++) {\n  const a = await m.run(img); f.push(a.ms); fv.push(a.vision_ms)\n  const b = await q.run(img); d.push(b.ms); dv.push(b.vision_ms)\n  const na = await native("fp32"); nf.push(na.ms); nfv.push(na.vision_ms)\n  const nb = await native("int8"); nd.push(nb.ms); ndv.push(nb.vision_ms)\n  const c7 = await q7.run(img); d7.push(c7.ms); d7v.push(c7.vision_ms)\n  eng = b.vision_engine + " / " + b.decoder_engine + " | reduce_range " + c7.vision_engine + " / " + c7.decoder_engine\n  nd7.push((await native("int8-reduce-range")).ms)\n}\nconst med2 = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]\nprint(med2(f), med2(d), med2(fv), med2(dv), med2(f.map((x, i) => x - fv[i])), med2(d.map((x, i) => x - dv[i])), med2(nf), med2(nd), med2(nfv), med2(ndv), med2(d7), med2(d7v), med2(nd7))\nprint(eng)`,
    ],
    1_800_000,
  );
  const peakFirst = first.stop();
  await page.close();
  // Page 2: from the browser's cache to the first caption, float32.
  const cold = await coldRows(profile, appUrl, modelUrl);
  const nums = (s: string | undefined) => lastLine(s).split(/\s+/).map(Number);
  const [isolated, cores, load] = nums(out[0]);
  if (!Number.isFinite(load)) throw new Error(`from_pretrained failed: ${out.join(' | ').replaceAll('\n', ' / ')}`);
  const [
    cachedMs,
    uncachedMs,
    tokens,
    cachedDecodeMs,
    uncachedDecodeMs,
    visionMs,
    nativeMs,
    nativeUncachedMs,
    nativeVisionMs,
    ortMs,
    ortVisionMs,
  ] = nums(out[2]);
  // 'wasm-relaxed-simd × 2 threads / wasm-relaxed-simd × 2 threads | onnxruntime-web × 2 threads / onnxruntime-web × 2 threads':
  // what the two float32 runs encoded and decoded with.
  const [wasmEngine, ortEngine] = (out[1] ?? '').trim().split('\n').at(-2)?.split(' | ') ?? [];
  const [
    fp32Ms,
    dynMs,
    fp32VisionMs,
    dynVisionMs,
    fp32DecodeMs,
    dynDecodeMs,
    nativeFp32Ms,
    nativeDynMs,
    nativeFp32VisionMs,
    nativeDynVisionMs,
    dyn7Ms,
    dyn7VisionMs,
    nativeDyn7Ms,
  ] = nums(out[3]?.trim().split('\n').at(-2));
  const int8Engines = lastLine(out[3]);
  if (!Number.isFinite(nativeMs) || !Number.isFinite(nativeDynMs) || !Number.isFinite(ortVisionMs))
    throw new Error(`the interleaved rounds failed: ${[out[2], out[3]].join(' | ').replaceAll('\n', ' / ')}`);
  return [
    {
      section: SECTION,
      name: `kernel worker: crossOriginIsolated ${isolated === 1}, hardwareConcurrency ${cores} (threads = min(4, cores) when isolated, else 1)`,
      value: isolated === 1 ? Math.min(4, cores!) : 1,
      unit: 'threads',
    },
    { section: SECTION, name: 'from_pretrained (download + read), chromium', value: load!, unit: 'ms' },
    {
      section: SECTION,
      name: 'first run (the WebAssembly vision encoder and text decoder built, 2 tokens), chromium',
      value: Number(lastLine(out[1])),
      unit: 'ms',
    },
    {
      section: SECTION,
      name: `engines (vision / decoder): fp32 by default ${wasmEngine ?? '?'}, asked for onnxruntime ${ortEngine ?? '?'}; int8 ${int8Engines} (threads of the default)`,
      value: Number(/× (\d+) thread/.exec(wasmEngine ?? '')?.[1]),
      unit: 'threads',
    },
    {
      section: SECTION,
      name: `caption ${tokens} tokens fp32, KV cache, chromium`,
      value: cachedMs!,
      unit: 'ms',
      ratio: uncachedMs! / cachedMs!,
      baseline: 'faster than no cache',
      goal: '>= 3x faster than no cache',
      met: uncachedMs! / cachedMs! >= 3,
    },
    {
      section: SECTION,
      name: `caption ${tokens} tokens fp32, no cache (exported layout, today's path), chromium`,
      value: uncachedMs!,
      unit: 'ms',
    },
    { section: SECTION, name: 'of which: vision encoder (both paths), chromium', value: visionMs!, unit: 'ms' },
    {
      section: SECTION,
      name: `caption ${tokens} tokens fp32, KV cache, all on onnxruntime-web (vision_engine and decoder_engine 'onnxruntime': the path before app/wasm), chromium`,
      value: ortMs!,
      unit: 'ms',
      ratio: ortMs! / cachedMs!,
      baseline: 'slower than the default (app/wasm)',
    },
    {
      section: SECTION,
      name: 'of which: vision encoder on onnxruntime-web, chromium',
      value: ortVisionMs!,
      unit: 'ms',
      ratio: ortVisionMs! / visionMs!,
      baseline: `slower than app/wasm's (${visionMs!.toFixed(0)} ms)`,
    },
    {
      section: SECTION,
      name: `decoding ${tokens} tokens alone, KV cache (incl. cross K/V once), chromium`,
      value: cachedDecodeMs!,
      unit: 'ms',
      ratio: uncachedDecodeMs! / cachedDecodeMs!,
      baseline: 'faster than no cache',
    },
    { section: SECTION, name: `decoding ${tokens} tokens alone, no cache, chromium`, value: uncachedDecodeMs!, unit: 'ms' },
    {
      section: SECTION,
      name: 'of which: per token, KV cache (cross K/V once included), chromium',
      value: cachedDecodeMs! / tokens!,
      unit: 'ms',
    },
    { section: SECTION, name: 'caption fp32 (KV cache), chromium, interleaved with int8', value: fp32Ms!, unit: 'ms' },
    {
      section: SECTION,
      name: 'caption dynamic int8 (MatMul), chromium',
      value: dynMs!,
      unit: 'ms',
      ratio: fp32Ms! / dynMs!,
      baseline: 'faster than fp32',
      goal: '>= 1.8x faster than fp32',
      met: fp32Ms! / dynMs! >= 1.8,
    },
    {
      section: SECTION,
      name: "caption dynamic int8 (MatMul), reduce_range (7-bit weights, ORT's option for CPUs without VNNI), chromium",
      value: dyn7Ms!,
      unit: 'ms',
      ratio: fp32Ms! / dyn7Ms!,
      baseline: 'faster than fp32',
      goal: '>= 1.8x faster than fp32',
      met: fp32Ms! / dyn7Ms! >= 1.8,
    },
    {
      section: SECTION,
      name: 'of which: vision encoder fp32 / dynamic int8 reduce_range, chromium',
      value: dyn7VisionMs!,
      unit: 'ms',
      ratio: fp32VisionMs! / dyn7VisionMs!,
      baseline: `int8 faster than fp32 (${fp32VisionMs!.toFixed(0)} ms)`,
    },
    {
      section: SECTION,
      name: 'caption dynamic int8 reduce_range, onnxruntime-node',
      value: nativeDyn7Ms!,
      unit: 'ms',
      ratio: nativeFp32Ms! / nativeDyn7Ms!,
      baseline: `faster than fp32 (${nativeFp32Ms!.toFixed(0)} ms)`,
    },
    {
      section: SECTION,
      name: 'of which: vision encoder fp32 / dynamic int8, chromium',
      value: dynVisionMs!,
      unit: 'ms',
      ratio: fp32VisionMs! / dynVisionMs!,
      baseline: `int8 faster than fp32 (${fp32VisionMs!.toFixed(0)} ms)`,
    },
    {
      section: SECTION,
      name: 'of which: decoding (cross + 19 steps) fp32 / dynamic int8, chromium',
      value: dynDecodeMs!,
      unit: 'ms',
      ratio: fp32DecodeMs! / dynDecodeMs!,
      baseline: `int8 faster than fp32 (${fp32DecodeMs!.toFixed(0)} ms)`,
    },
    ...cold,
    { section: SECTION, name: 'peak memory of the browser processes, download + fp32 + int8 captions', value: peakFirst / 1e6, unit: 'MB' },
    {
      section: SECTION,
      name: 'caption fp32, KV cache, onnxruntime-node (same graphs, each right after a browser caption)',
      value: nativeMs!,
      unit: 'ms',
      ratio: cachedMs! / nativeMs!,
      baseline: 'browser / native',
      goal: 'browser within 2x of native',
      met: cachedMs! / nativeMs! <= 2,
    },
    {
      section: SECTION,
      name: 'caption fp32, no cache, onnxruntime-node',
      value: nativeUncachedMs!,
      unit: 'ms',
      ratio: nativeUncachedMs! / nativeMs!,
      baseline: 'slower than KV cache',
    },
    {
      section: SECTION,
      name: 'of which: vision encoder, onnxruntime-node',
      value: nativeVisionMs!,
      unit: 'ms',
      ratio: visionMs! / nativeVisionMs!,
      baseline: 'browser (app/wasm) / native',
    },
    {
      section: SECTION,
      name: 'caption fp32, KV cache, all on onnxruntime-web vs onnxruntime-node',
      value: ortMs! / nativeMs!,
      unit: 'x',
      goal: 'browser within 2x of native',
      met: ortMs! / nativeMs! <= 2,
    },
    {
      section: SECTION,
      name: 'vision encoder on onnxruntime-web vs onnxruntime-node',
      value: ortVisionMs! / nativeVisionMs!,
      unit: 'x',
    },
    {
      section: SECTION,
      name: "caption dynamic int8 (MatMul), onnxruntime-node (interleaved with its fp32 and the browser's)",
      value: nativeDynMs!,
      unit: 'ms',
      ratio: nativeFp32Ms! / nativeDynMs!,
      baseline: `faster than fp32 (${nativeFp32Ms!.toFixed(0)} ms)`,
    },
    {
      section: SECTION,
      name: 'of which: vision encoder dynamic int8, onnxruntime-node',
      value: nativeDynVisionMs!,
      unit: 'ms',
      ratio: nativeFp32VisionMs! / nativeDynVisionMs!,
      baseline: `int8 faster than fp32 (${nativeFp32VisionMs!.toFixed(0)} ms)`,
    },
    {
      section: SECTION,
      name: 'browser / native, fp32 caption, in the int8 rounds (a second pairing)',
      value: fp32Ms! / nativeFp32Ms!,
      unit: 'x',
    },
  ];
}

/** `coldOnly`: only cache → first caption and its peak memory (`npm run bench blip-hub-cold`; no captions timed, no native side). */
export async function benchBlipHub(appUrl: string, options: { readonly coldOnly?: boolean } = {}): Promise<BenchRow[]> {
  if (!existsSync(resolve(DIR, 'model.safetensors')))
    return [
      {
        section: SECTION,
        name: `no checkpoint: run npx tsx scripts/make-blip-base-random.ts (writes ${DIR})`,
        value: Number.NaN,
        unit: '',
      },
    ];
  const loadAtStart = loadavg()[0]!;
  // Loaded before Chromium starts: the bench's process holds it, outside the browser's memory measured.
  const native = options.coldOnly === true ? null : await openNative(DIR);
  const server = await serve(native);
  let rows: BenchRow[];
  try {
    rows = await (options.coldOnly === true ? coldOnlyRows : browserRows)(appUrl, server.url);
  } catch (e) {
    rows = [
      {
        section: SECTION,
        name: `browser failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`,
        value: Number.NaN,
        unit: '',
      },
    ];
  } finally {
    server.close();
    await native?.dispose();
  }
  // The box is shared: the load says how much the absolute figures mean (ratios are of the same moment).
  const loadRow = (when: string): BenchRow => ({ section: SECTION, name: `load average (1 min) ${when}`, value: loadavg()[0]!, unit: '' });
  const loadRows = [{ ...loadRow('at the start'), value: loadAtStart }, loadRow('at the end')];
  return [...rows, ...loadRows];
}
