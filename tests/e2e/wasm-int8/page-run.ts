// Runs in the e2e page (bundled by tests/e2e/wasm-int8.spec.ts): every seeded case of
// app/wasm/linear-int8-cases.ts through LinearDynamicInt8 with the kernel the engine picks and with
// each kernel by name (the shift ones on reduce_range weights only; i8-u8-fused only where the
// relaxed-dot probe allows it, else its refusal is reported), against the plain JS reference
// (MatMulInteger as a triple loop), counting the outputs whose bits differ. In Node the same cases
// give onnxruntime-web's bits (app/wasm/linear-int8.test.ts).
import { GemmMemory } from '../../../app/wasm/gemm-memory.ts';
import { linearDynamicInt8 } from '../../../app/models/linear-dynamic-int8.ts';
import { INT8_CASES, int8CaseData, int8CaseName } from '../../../app/wasm/linear-int8-cases.ts';
import { dynamicInt8Reference } from '../../../app/wasm/linear-int8-reference.ts';
import type { Int8Kernel } from '../../../app/wasm/linear-int8.ts';
import { relaxedDotBehaviour, type RelaxedDotBehaviour } from '../../../app/wasm/relaxed-dot-probe.ts';

const KERNELS: readonly Int8Kernel[] = ['i8-dot16', 'i8-shift-relaxed', 'i8-shift-fused', 'i8-u8-fused'];

/** A kernel's run of a case: outputs whose bits differ from the reference, or the error that refused it. */
export type KernelOutcome = { readonly mismatches: number; readonly fixes: number } | { readonly refused: string };

export interface Int8PageCase {
  readonly name: string;
  /** the kernel 'auto' picked, and its outputs whose bits differ from the reference */
  readonly kernel: string;
  readonly pickedMismatches: number;
  readonly byKernel: Readonly<Record<string, KernelOutcome>>;
}

export interface Int8PageReport {
  readonly relaxedValidates: boolean;
  readonly behaviour: RelaxedDotBehaviour;
  readonly cases: readonly Int8PageCase[];
}

const mismatches = (a: Float32Array, b: Float32Array): number => {
  let n = a.length === b.length ? 0 : Math.max(a.length, b.length);
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (!Object.is(a[i], b[i])) n++;
  return n;
};

function run(): Int8PageReport {
  const memory = new GemmMemory({ shared: false });
  const cases = INT8_CASES.map((c): Int8PageCase => {
    const { x, spec } = int8CaseData(c);
    const options = { granularity: c.granularity, reduceRange: c.reduceRange };
    const picked = linearDynamicInt8(memory, spec, options);
    const { q, scales } = linearDynamicInt8(memory, spec, { ...options, kernel: 'i8-dot16' }).weights();
    const ref = dynamicInt8Reference(x, q, scales, spec.bias ?? null, c.M, c.K, c.N);
    const byKernel: Record<string, KernelOutcome> = {};
    for (const kernel of KERNELS) {
      if (kernel.startsWith('i8-shift') && !c.reduceRange) continue;
      try {
        const linear = linearDynamicInt8(memory, spec, { ...options, kernel });
        byKernel[kernel] = { mismatches: mismatches(linear.run(x), ref), fixes: linear.layout.fixCount };
      } catch (e) {
        byKernel[kernel] = { refused: e instanceof Error ? e.message : String(e) };
      }
    }
    return { name: int8CaseName(c), kernel: picked.kernel, pickedMismatches: mismatches(picked.run(x), ref), byKernel };
  });
  return { relaxedValidates: memory.validates('i8-relaxed', { mr: 4, nr: 8 }), behaviour: relaxedDotBehaviour(), cases };
}

(globalThis as unknown as { runInt8: () => Int8PageReport }).runInt8 = run;
