// Runs in the e2e page (bundled by tests/e2e/wasm-int8.spec.ts): every seeded case of
// app/wasm/linear-int8-cases.ts through LinearDynamicInt8 with the kernel the engine picks and with
// SIMD128's i8-dot16, against the plain JS reference (MatMulInteger as a triple loop), counting
// the outputs whose bits differ. In Node the same cases give onnxruntime-web's bits
// (app/wasm/linear-int8.test.ts).
import { GemmMemory } from '../../../app/wasm/gemm-memory.ts';
import { linearDynamicInt8 } from '../../../app/models/linear-dynamic-int8.ts';
import { INT8_CASES, int8CaseData, int8CaseName } from '../../../app/wasm/linear-int8-cases.ts';
import { dynamicInt8Reference } from '../../../app/wasm/linear-int8-reference.ts';

export interface Int8PageCase {
  readonly name: string;
  readonly kernel: string;
  /** outputs whose bits differ: the picked kernel vs the reference, i8-dot16 vs the reference */
  readonly pickedMismatches: number;
  readonly dot16Mismatches: number;
  readonly fixes: number;
}

export interface Int8PageReport {
  readonly relaxedValidates: boolean;
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
    const dot16 = linearDynamicInt8(memory, spec, { ...options, kernel: 'i8-dot16' });
    const { q, scales } = dot16.weights();
    const ref = dynamicInt8Reference(x, q, scales, spec.bias ?? null, c.M, c.K, c.N);
    return {
      name: int8CaseName(c),
      kernel: picked.kernel,
      pickedMismatches: mismatches(picked.run(x), ref),
      dot16Mismatches: mismatches(dot16.run(x), ref),
      fixes: picked.layout.fixCount,
    };
  });
  return { relaxedValidates: memory.validates('i8-relaxed', { mr: 4, nr: 8 }), cases };
}

(globalThis as unknown as { runInt8: () => Int8PageReport }).runInt8 = run;
