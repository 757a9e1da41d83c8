// The bench page's script (bundled by node-driver.ts, runs on the page's main thread: a benchmark,
// no student code). Per shape: one shared memory with A (fp32, u8, u7), C and a packed B for every
// variant × block; each kernel is checked against its reference, then all kernels and
// onnxruntime-web's MatMul are timed in interleaved rounds (so all see the same machine state);
// then 1 worker vs 2 workers on the same memory for the best fp32 and the best int8 kernel.
import { seededRandom } from '../../app/shared/seeded-random.ts';
import { gemmModuleBytes, variantLayout, VARIANTS, type Block, type Variant } from '../../app/wasm/gemm-kernels.ts';
import { instantiateMacro, packB, runGemm, type GemmPlan, type MacroFn } from '../../app/wasm/gemm-run.ts';
import {
  Arena,
  F32_TOLERANCE,
  MAX_PAGES,
  median,
  mismatches,
  planFor,
  referenceF32,
  referenceInt,
  referencePmaddubsw,
  relativeError,
} from './gemm.ts';
import { loadOrt, ortMatmul } from './ort-baseline.ts';
import type { FromWorker, ToWorker } from './worker.ts';
import './linear-page.ts';
import './int8-page.ts';

export type Shape = readonly [M: number, K: number, N: number];

export interface BenchOptions {
  readonly shapes: readonly Shape[];
  readonly blocks: readonly Block[];
  readonly runs: number;
  readonly warmup: number;
  readonly twoThreads: boolean;
}
export interface KernelResult {
  readonly shape: string;
  readonly variant: Variant;
  readonly block: string;
  readonly medianMs: number;
  /** 2·M·K·N / time: GFLOP/s for fp32, GOP/s for int8 */
  readonly gops: number;
}
export interface OrtResult {
  readonly shape: string;
  readonly medianMs: number;
  readonly gflops: number;
  readonly relativeError: number;
}
/** i8-relaxed fed full-range u8 activations (0..255) in its "i7" operand, against the exact reference. */
export interface FullRangeResult {
  readonly shape: string;
  readonly block: string;
  readonly mismatching: number;
  readonly total: number;
  readonly maxAbs: number;
  /** Outputs that differ from referencePmaddubsw (i16-saturated pairs): 0 says that is what ran. */
  readonly mismatchingPmaddubsw: number;
}
export interface ThreadResult {
  readonly shape: string;
  readonly variant: Variant;
  readonly block: string;
  readonly oneWorkerGops: number;
  readonly twoWorkersGops: number;
}
export interface BenchReport {
  readonly crossOriginIsolated: boolean;
  readonly userAgent: string;
  readonly kernels: KernelResult[];
  readonly ort: OrtResult[];
  readonly fullRange: FullRangeResult[];
  readonly threads: ThreadResult[];
}

declare global {
  var wasmGemmBench: ((options: BenchOptions) => Promise<BenchReport>) | undefined;
}

interface Config {
  readonly variant: Variant;
  readonly block: Block;
  readonly module: WebAssembly.Module;
  readonly macro: MacroFn;
  readonly plan: GemmPlan;
  readonly times: number[];
}

const blockName = (b: Block): string => `${b.mr}x${b.nr}`;
/** relaxed_dot's second operand is defined for 0..127 only: those variants are timed and checked on 7-bit activations. */
const usesU7 = (v: Variant): boolean => v === 'i8-relaxed' || v === 'i8-relaxed16';

function timeGemm(macro: MacroFn, plan: GemmPlan): number {
  const t0 = performance.now();
  runGemm(macro, plan);
  return performance.now() - t0;
}

async function benchShape([M, K, N]: Shape, options: BenchOptions, report: BenchReport, workers: readonly Worker[]): Promise<void> {
  const shape = `${M}x${K}x${N}`;
  const random = seededRandom(M * 7 + K * 13 + N);
  const aF32 = Float32Array.from({ length: M * K }, () => random() * 2 - 1);
  const bF32 = Float32Array.from({ length: K * N }, () => random() * 2 - 1);
  const aU8 = Uint8Array.from({ length: M * K }, () => Math.floor(random() * 256));
  const aU7 = aU8.map((x) => x >> 1); // 7-bit activations: what relaxed_dot's second operand is defined for
  const bS8 = Int8Array.from({ length: K * N }, () => Math.floor(random() * 256) - 128);

  const arena = new Arena();
  const at = {
    f32: arena.alloc(M * K * 4),
    u8: arena.alloc(M * K),
    u7: arena.alloc(M * K),
    u8AsI16: arena.alloc(M * K * 2),
    c: arena.alloc(M * N * 4),
  };
  const wanted = VARIANTS.flatMap((variant) =>
    options.blocks.filter((b) => variant !== 'i8-dot16' || b.nr % 8 === 0).map((block) => ({ variant, block })),
  );
  const bAt = wanted.map(({ variant }) => arena.alloc(K * N * variantLayout(variant).elementBytes));
  const memory = new WebAssembly.Memory({ initial: arena.pages, maximum: MAX_PAGES, shared: true });
  const buffer = memory.buffer;
  new Float32Array(buffer, at.f32, M * K).set(aF32);
  new Uint8Array(buffer, at.u8, M * K).set(aU8);
  new Uint8Array(buffer, at.u7, M * K).set(aU7);
  new Int16Array(buffer, at.u8AsI16, M * K).set(aU8);
  const cF32 = new Float32Array(buffer, at.c, M * N);
  const cI32 = new Int32Array(buffer, at.c, M * N);

  const configs: Config[] = wanted.map(({ variant, block }, i) => {
    const { elementBytes, kGroup } = variantLayout(variant);
    const b = bAt[i]!;
    if (elementBytes === 4) packB(bF32, K, N, block.nr, kGroup, new Float32Array(buffer, b, K * N));
    else if (elementBytes === 2) packB(bS8, K, N, block.nr, kGroup, new Int16Array(buffer, b, K * N));
    else packB(bS8, K, N, block.nr, kGroup, new Int8Array(buffer, b, K * N));
    const a = {
      'f32-plain': at.f32,
      'f32-relaxed': at.f32,
      'i8-dot16': at.u8,
      'i8-relaxed': at.u7,
      'i8-relaxed16': at.u7,
      'i16-dot16': at.u8AsI16,
    }[variant];
    const module = new WebAssembly.Module(gemmModuleBytes(variant, block, MAX_PAGES, true));
    return {
      variant,
      block,
      module,
      macro: instantiateMacro(module, memory),
      plan: planFor(variant, block.nr, { M, K, N }, { a, b, c: at.c }),
      times: [],
    };
  });

  // Checks (also the first warm-up of each kernel); a wrong kernel's speed means nothing, so they throw.
  const refF32 = referenceF32(aF32, bF32, M, K, N);
  const refU8 = referenceInt(aU8, bS8, M, K, N);
  const refU7 = referenceInt(aU7, bS8, M, K, N);
  let refSaturated: Int32Array | undefined;
  for (const cfg of configs) {
    const where = `${cfg.variant} ${blockName(cfg.block)} on ${shape}`;
    cI32.fill(0x7fc00000); // NaN as f32, an unlikely sum as i32
    if (cfg.variant === 'i8-relaxed') {
      runGemm(cfg.macro, { ...cfg.plan, a: at.u8 });
      const m = mismatches(cI32, refU8);
      refSaturated ??= referencePmaddubsw(aU8, bS8, M, K, N);
      const s = mismatches(cI32, refSaturated).count;
      report.fullRange.push({
        shape,
        block: blockName(cfg.block),
        mismatching: m.count,
        total: M * N,
        maxAbs: m.maxAbs,
        mismatchingPmaddubsw: s,
      });
      cI32.fill(0x7fc00000);
    }
    runGemm(cfg.macro, cfg.plan);
    if (cfg.variant === 'f32-plain' || cfg.variant === 'f32-relaxed') {
      const e = relativeError(cF32, refF32);
      if (!(e < F32_TOLERANCE)) throw new Error(`${where}: max|C − Cref|/max|Cref| = ${e}, not below ${F32_TOLERANCE}`);
    } else {
      const m = mismatches(cI32, usesU7(cfg.variant) ? refU7 : refU8);
      if (m.count !== 0)
        throw new Error(`${where}: ${m.count} of ${M * N} outputs differ from the exact integer reference (max ${m.maxAbs})`);
    }
  }

  const ort = await ortMatmul(await loadOrt(), aF32, bF32, M, K, N);
  const ortTimes: number[] = [];
  const first = await ort.run();
  const ortError = relativeError(first.C, refF32);
  if (!(ortError < F32_TOLERANCE)) throw new Error(`onnxruntime-web MatMul on ${shape}: relative error ${ortError}`);
  for (let round = 0; round < options.warmup + options.runs; round++) {
    for (const cfg of configs) {
      const ms = timeGemm(cfg.macro, cfg.plan);
      if (round >= options.warmup) cfg.times.push(ms);
    }
    const { ms } = await ort.run();
    if (round >= options.warmup) ortTimes.push(ms);
  }
  await ort.release();
  const ops = 2 * M * K * N;
  const ortMs = median(ortTimes);
  report.ort.push({ shape, medianMs: ortMs, gflops: ops / ortMs / 1e6, relativeError: ortError });
  const results = configs.map((cfg) => {
    const ms = median(cfg.times);
    const r: KernelResult = { shape, variant: cfg.variant, block: blockName(cfg.block), medianMs: ms, gops: ops / ms / 1e6 };
    report.kernels.push(r);
    return { cfg, r };
  });

  if (!options.twoThreads || !crossOriginIsolated) return;
  const best = (variants: readonly Variant[]) =>
    results.filter((x) => variants.includes(x.cfg.variant)).reduce((p, q) => (q.r.gops > p.r.gops ? q : p));
  for (const { cfg } of [best(['f32-relaxed']), best(['i8-dot16', 'i8-relaxed', 'i8-relaxed16', 'i16-dot16'])]) {
    for (const w of workers) await ask(w, { type: 'init', module: cfg.module, memory });
    const split = Math.round(M / 2 / cfg.block.mr) * cfg.block.mr;
    const run = async (threads: 1 | 2): Promise<number> => {
      const t0 = performance.now();
      if (threads === 1) await ask(workers[0]!, { type: 'run', plan: cfg.plan, r0: 0, r1: M });
      else
        await Promise.all([
          ask(workers[0]!, { type: 'run', plan: cfg.plan, r0: 0, r1: split }),
          ask(workers[1]!, { type: 'run', plan: cfg.plan, r0: split, r1: M }),
        ]);
      return performance.now() - t0;
    };
    const times: Record<1 | 2, number[]> = { 1: [], 2: [] };
    for (let round = 0; round < options.warmup + options.runs; round++) {
      for (const t of [1, 2] as const) {
        const ms = await run(t);
        if (round >= options.warmup) times[t].push(ms);
      }
    }
    // The 2-worker result is checked too (rows split across threads must still give C exactly).
    if (cfg.variant === 'f32-relaxed') {
      const e = relativeError(cF32, refF32);
      if (!(e < F32_TOLERANCE)) throw new Error(`2 workers, ${cfg.variant} on ${shape}: relative error ${e}`);
    } else if (mismatches(cI32, usesU7(cfg.variant) ? refU7 : refU8).count !== 0) {
      throw new Error(`2 workers, ${cfg.variant} on ${shape}: outputs differ from the exact reference`);
    }
    report.threads.push({
      shape,
      variant: cfg.variant,
      block: blockName(cfg.block),
      oneWorkerGops: ops / median(times[1]) / 1e6,
      twoWorkersGops: ops / median(times[2]) / 1e6,
    });
  }
}

function ask(worker: Worker, message: ToWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const m = e.data;
      switch (m.type) {
        case 'ready':
        case 'done':
          resolve();
          break;
        case 'error':
          reject(new Error(`GEMM worker: ${m.message}`));
          break;
      }
    };
    worker.postMessage(message);
  });
}

globalThis.wasmGemmBench = async (options) => {
  const report: BenchReport = { crossOriginIsolated, userAgent: navigator.userAgent, kernels: [], ort: [], fullRange: [], threads: [] };
  const workers = options.twoThreads ? [new Worker('/worker.js'), new Worker('/worker.js')] : [];
  try {
    for (const shape of options.shapes) await benchShape(shape, options, report, workers);
  } finally {
    for (const w of workers) w.terminate();
  }
  return report;
};
