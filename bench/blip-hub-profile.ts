// Per-operator profile of the BLIP graphs built in the page (app/models/blip-hub): vision, cross
// and the cached decoder, float32 or dynamic int8, on onnxruntime-node (native MLAS) or on
// onnxruntime-web's own WebAssembly run in Node (the kernels Chromium runs). Not part of
// `npm run bench` (it prints a profile, not figures with goals); the summary goes into
// bench/NOTES-blip-hub.md.
//   npx tsx bench/blip-hub-profile.ts [node|web] [fp32|dynamic] [threads] [dir]
// dir defaults to /tmp/blip-hub-base-random (scripts/make-blip-base-random.ts). Writes the
// raw profiles to /tmp/blip-hub-profile/ and, for node, the optimised graphs' op histograms.
import fs, { mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import * as ortNode from 'onnxruntime-node';
import { loadModel, saveModel } from '../app/onnx/model.ts';
import type { BlipHubRuntime, GraphRole } from '../app/models/blip-hub/blip-hub-sessions.ts';
import { ortExternalData } from '../app/models/blip-hub/external-mount.ts';
import type { OrtSession } from '../app/models/task.ts';
import { blipFromFolder } from './blip-from-folder.ts';

const [which = 'node', variantName = 'fp32', threadArg = '2', dirArg] = process.argv.slice(2);
const DIR = dirArg ?? '/tmp/blip-hub-base-random';
const THREADS = Number(threadArg);
const OUT = '/tmp/blip-hub-profile';
mkdirSync(OUT, { recursive: true });

interface ProfileEvent {
  readonly cat: string;
  readonly name: string;
  readonly ts: number;
  readonly dur: number;
  readonly args?: {
    readonly op_name?: string;
    readonly provider?: string;
    readonly input_type_shape?: readonly Record<string, number[]>[];
  };
}

/** The sessions made, as onnxruntime's own type (endProfiling is not in the app's OrtSession). */
const sessions = new Map<GraphRole, OrtSession & { endProfiling(): void }>();

function nodeRuntime(): BlipHubRuntime {
  return {
    ort: ortNode,
    placement: 'inline',
    createSession: async (graph, role) => {
      const tag = `${which}-${variantName}-${role}`;
      const s = await ortNode.InferenceSession.create(saveModel(graph.model), {
        intraOpNumThreads: THREADS,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
        extra: { session: { disable_quant_qdq: '1' } },
        enableProfiling: true,
        profileFilePrefix: resolve(OUT, tag),
        optimizedModelFilePath: resolve(OUT, `${tag}.optimized.onnx`),
      });
      sessions.set(role, s);
      return s;
    },
  };
}

async function webRuntime(): Promise<BlipHubRuntime> {
  // Imported after catchWebProfile: onnxruntime-web binds console.log when its module loads.
  const ortWeb = await import('onnxruntime-web/wasm');
  ortWeb.env.wasm.numThreads = THREADS;
  ortWeb.env.wasm.wasmPaths = new URL('../node_modules/onnxruntime-web/dist/', import.meta.url).href;
  return {
    ort: ortWeb,
    placement: 'external',
    createSession: async (graph, role) => {
      const s = await ortWeb.InferenceSession.create(saveModel(graph.model), {
        graphOptimizationLevel: 'all',
        executionProviders: ['wasm'],
        enableProfiling: true,
        // Knobs tried while profiling: PREPACK=all|decoder|none, ARENA=0, DEVALLOC=1 (initializers outside the arena).
        ...(process.env['ARENA'] === '0' ? { enableCpuMemArena: false } : {}),
        extra: {
          session: {
            disable_quant_qdq: '1',
            disable_prepacking:
              process.env['PREPACK'] === 'all' || (process.env['PREPACK'] === 'decoder' && role === 'decoder') ? '0' : '1',
            ...(process.env['DEVALLOC'] === '1' ? { use_device_allocator_for_initializers: '1' } : {}),
          },
        },
        externalData: ortExternalData(graph.externalData).entries,
      });
      console.log(`${role} session made: rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
      sessions.set(role, s);
      return s;
    },
  };
}

/**
 * onnxruntime-web writes each session's profile to stdout (a JSON array, one event a line, by
 * fs.writeSync(1, …) in Node) when `endProfiling` is called: keep those lines, not the terminal.
 */
const profileText: string[] = [];
function catchWebProfile(): () => void {
  const writeSync = fs.writeSync;
  let inside = false;
  const hook = (fd: number, data: unknown, ...rest: unknown[]): number => {
    if (fd !== 1 || typeof data !== 'string') return (writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    for (const line of data.split('\n')) {
      const t = line.trim();
      if (t === '[') inside = true;
      if (inside) profileText.push(t);
      else if (line !== '') writeSync(1, `${line}\n`);
      if (t === ']') inside = false;
    }
    return data.length;
  };
  fs.writeSync = hook as typeof fs.writeSync;
  return () => {
    fs.writeSync = writeSync;
  };
}

/** The arrays written so far, in order. */
function webArrays(): string[] {
  const arrays: string[] = [];
  let current: string[] = [];
  for (const t of profileText) {
    current.push(t);
    if (t === ']') {
      arrays.push(current.join('\n'));
      current = [];
    }
  }
  return arrays;
}

function parseEvents(text: string): ProfileEvent[] {
  const trimmed = text.trim();
  try {
    const parsed: unknown = JSON.parse(trimmed.startsWith('[') ? trimmed : `[${trimmed.replace(/,\s*$/, '')}]`);
    return (Array.isArray(parsed) ? parsed : []).flat() as ProfileEvent[];
  } catch {
    // One event per line with trailing commas.
    return trimmed
      .split('\n')
      .map((l) => l.trim().replace(/^\[|,?\]?$/g, ''))
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as ProfileEvent);
  }
}

/** Kernel time by op type over the last `runs` model_run events. */
function summarise(role: GraphRole, events: ProfileEvent[], runs: number): void {
  const runEvents = events
    .filter((e) => e.name === 'model_run')
    .sort((a, b) => a.ts - b.ts)
    .slice(-runs);
  if (runEvents.length === 0) {
    console.log(`${role}: no model_run events`);
    return;
  }
  const start = runEvents[0]!.ts;
  const runMs = runEvents.reduce((s, e) => s + e.dur, 0) / 1000;
  const byOp = new Map<string, { ms: number; n: number }>();
  const byShape = new Map<string, { ms: number; n: number }>();
  const add = (m: Map<string, { ms: number; n: number }>, key: string, us: number) => {
    const o = m.get(key) ?? { ms: 0, n: 0 };
    o.ms += us / 1000;
    o.n++;
    m.set(key, o);
  };
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < start) continue;
    const op = e.args?.op_name ?? '?';
    add(byOp, op, e.dur);
    const shapes = (e.args?.input_type_shape ?? []).map((t) => Object.values(t)[0]?.join('x') ?? '').join(' · ');
    add(byShape, `${op} ${shapes}`, e.dur);
  }
  const kernels = [...byOp.values()].reduce((s, o) => s + o.ms, 0);
  console.log(
    `\n${role} (${which}, ${variantName}, ${THREADS} threads): ${runEvents.length} run(s), ${runMs.toFixed(1)} ms in model_run, ${kernels.toFixed(1)} ms in kernels`,
  );
  for (const [op, o] of [...byOp].sort((a, b) => b[1].ms - a[1].ms)) {
    console.log(
      `  ${op.padEnd(28)} ${o.ms.toFixed(1).padStart(9)} ms ${((100 * o.ms) / kernels).toFixed(1).padStart(5)} %  ${String(o.n).padStart(6)} calls`,
    );
  }
  console.log('  by op and input shapes (top 10):');
  for (const [key, o] of [...byShape].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10)) {
    console.log(
      `    ${o.ms.toFixed(1).padStart(9)} ms ${String(o.n).padStart(5)} × ${((1000 * o.ms) / o.n).toFixed(0).padStart(7)} µs  ${key}`,
    );
  }
}

function histogram(path: string): string {
  const m = loadModel(new Uint8Array(readFileSync(path)), path);
  const counts = new Map<string, number>();
  for (const n of m.graph?.node ?? []) {
    const key = `${n.domain ? `${n.domain}.` : ''}${n.opType ?? '?'}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

const restore = which === 'web' ? catchWebProfile() : () => undefined;
const runtime = which === 'web' ? await webRuntime() : nodeRuntime();
const base = blipFromFolder(DIR, 'profile', runtime);
const model = variantName === 'dynamic' ? base.quantize_dynamic() : base;
const img = { data: new Uint8ClampedArray(384 * 384 * 4).map((_, i) => (i * 37) % 251), width: 384, height: 384 };
await model.run(img, { max_new_tokens: 2 }); // sessions made, first runs (allocations) out of the way
const r = await model.run(img);
console.log(`caption: ${r.ids.length - 1} tokens, ${r.ms.toFixed(0)} ms, vision ${r.vision_ms.toFixed(0)} ms (profiling on)`);
const tokens = r.ids.length - 1;
for (const role of ['vision', 'cross', 'decoder'] as const) sessions.get(role)!.endProfiling();
restore();
const arrays = webArrays();
for (const role of ['vision', 'cross', 'decoder'] as const) {
  const runs = role === 'decoder' ? tokens : 1;
  const tag = `${which}-${variantName}-${role}`;
  if (which === 'node') {
    const name = readdirSync(OUT)
      .filter((f) => f.startsWith(tag) && f.endsWith('.json'))
      .sort()
      .at(-1)!;
    renameSync(resolve(OUT, name), resolve(OUT, `${tag}.json`));
    summarise(role, parseEvents(readFileSync(resolve(OUT, `${tag}.json`), 'utf8')), runs);
    const optimized = resolve(OUT, `${tag}.optimized.onnx`);
    console.log(`  optimised graph: ${histogram(optimized)}`);
    rmSync(optimized); // inline weights: 0.1–0.7 GB each
  } else {
    const text = arrays[['vision', 'cross', 'decoder'].indexOf(role)] ?? '';
    fs.writeFileSync(resolve(OUT, `${tag}.json`), text);
    summarise(role, parseEvents(text), runs);
  }
}
await model.dispose();
