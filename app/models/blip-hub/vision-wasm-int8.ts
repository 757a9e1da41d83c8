// The vision encoder's Linears per weight format (runs in the calling thread, with vision-wasm.ts):
// float32 → app/wasm's LinearF32; ONNX Runtime's dynamic int8 → LinearDynamicInt8 with the weight
// quantized as graph-builder.ts's `linear` quantizes it for the vision graph (Wᵀ, symmetric, per tensor
// or channel, reduce_range or not; the bias added after the rescale; each Linear its own
// DynamicQuantizeLinear of its own input, per tensor over all tokens). A dynamic-int8 Linear's
// activation scale needs every row of its input, so a round of row steps is split there: the steps
// before it end with each thread's `minmax` of its rows of the input, the calling thread combines
// the ranges and plans the run (LinearDynamicInt8.planRun), and the next round starts with the
// quantization and product of each thread's rows (`int8-linear`): the bits of one thread.
import type { WeightFormat } from '../../onnx/plan.ts';
import type { GemmMemory } from '../../wasm/gemm-memory.ts';
import { LinearF32, type LinearKernel, type LinearSpec } from '../../wasm/linear-f32.ts';
import { LinearDynamicInt8, type CompiledInt8, type Int8Kernel } from '../../wasm/linear-int8.ts';
import type { RowStep } from '../../wasm/row-steps.ts';
import { linearDynamicInt8 } from '../linear-dynamic-int8.ts';

export type VisionLinear = LinearF32 | LinearDynamicInt8;

export interface VisionLinearKernels {
  readonly kernel: 'auto' | LinearKernel;
  readonly int8Kernel: 'auto' | Int8Kernel;
}

/** The Linear of `format` (fp32 or dynamic int8; any other format refused by the layer's name). */
export function visionLinear(memory: GemmMemory, spec: LinearSpec & { readonly name: string }, format: WeightFormat, k: VisionLinearKernels): VisionLinear {
  switch (format.kind) {
    case 'fp32':
      return new LinearF32(memory, spec, { kernel: k.kernel });
    case 'dynamic': {
      const l = linearDynamicInt8(memory, spec, { granularity: format.granularity, reduceRange: format.reduceRange, kernel: k.int8Kernel });
      // its input is read where the previous step wrote it: rows as wide as the int8 A's kPad
      if (l.layout.kPad !== spec.inFeatures)
        throw new Error(`the WebAssembly vision encoder's dynamic int8 Linear '${spec.name}' needs in_features a multiple of 16, got ${spec.inFeatures}`);
      return l;
    }
    case 'int8':
    case 'float16':
    case 'bfloat16':
      throw new Error(
        `the WebAssembly vision encoder computes float32 and dynamic int8 (quantize_dynamic) Linears only; layer '${spec.name}.weight' is ${format.kind}`,
      );
  }
}

/** A stretch of row steps, or a dynamic-int8 Linear where a round must be split. */
export type RoundPart =
  | { readonly kind: 'steps'; readonly steps: (taker: number) => RowStep[] }
  | { readonly kind: 'int8'; readonly linear: LinearDynamicInt8; readonly a: number; readonly c: number; readonly M: number };

/** One round as vision-wasm.ts runs it: `before` (in the calling thread, once the previous round is done), then the steps on rows [0, rows). */
export interface Round {
  readonly label: string;
  readonly rows: number;
  readonly before?: () => void;
  readonly steps: (taker: number) => RowStep[];
}

/** The scratch an int8 run's rows need besides A's floats and C (shared by the encoder's int8 Linears, one at a time). */
export interface Int8Scratch {
  /** x_q bytes [tokens, widest kPad] */
  readonly a: number;
  readonly rowTerms: number;
  readonly sums: number;
  readonly vectors: number;
  /** 32 bytes per thread: its `minmax` lanes */
  readonly slots: number;
  readonly takers: number;
}

/** Bytes of Int8Scratch for `tokens` rows, the widest int8 input, the largest vectorBytes and `takers` threads (64-byte aligned parts). */
export function int8ScratchBytes(tokens: number, widest: number, vectorBytes: number, takers: number): readonly number[] {
  return [tokens * widest, tokens * 4, tokens * 16, vectorBytes, takers * 32];
}

/** The int8 modules a run's steps name (one per key). */
export function int8Modules(linears: readonly VisionLinear[]): CompiledInt8[] {
  const byKey = new Map<string, CompiledInt8>();
  for (const l of linears) if (l instanceof LinearDynamicInt8) byKey.set(l.compiled().key, l.compiled());
  return [...byKey.values()];
}

/**
 * Rounds of parts → rounds of steps: each int8 part ends the round it is in (the steps before it,
 * then each thread's minmax of its input's rows) and starts the next (its `int8-linear` step, planned
 * by that round's `before` from the threads' ranges), so its activation is quantized per tensor.
 */
export function splitAtInt8(
  rounds: readonly { readonly label: string; readonly rows: number; readonly parts: readonly RoundPart[] }[],
  scratch: Int8Scratch,
  buffer: () => ArrayBuffer | SharedArrayBuffer,
): Round[] {
  const out: Round[] = [];
  for (const round of rounds) {
    let pending: ((taker: number) => RowStep[])[] = [];
    let before: (() => void) | undefined;
    let piece = 0;
    const flush = (tail: ((taker: number) => RowStep[]) | null): void => {
      const parts = tail === null ? pending : [...pending, tail];
      if (parts.length > 0 || before !== undefined)
        out.push({
          label: piece === 0 ? round.label : `${round.label} (part ${piece + 1})`,
          rows: round.rows,
          ...(before === undefined ? {} : { before }),
          steps: (taker) => parts.flatMap((p) => p(taker)),
        });
      piece++;
      pending = [];
      before = undefined;
    };
    for (const part of round.parts) {
      if (part.kind === 'steps') {
        pending.push(part.steps);
        continue;
      }
      const { linear, a, c, M } = part;
      const key = linear.compiled().key;
      const width = linear.layout.kPad;
      const slots = (): Float32Array => new Float32Array(buffer(), scratch.slots, scratch.takers * 8);
      // the ranges start at 0 (minmax's range always holds 0): a thread that gets no rows adds nothing
      const reset = before;
      before = () => {
        reset?.();
        slots().fill(0);
      };
      flush((taker) => [{ op: 'minmax', label: `${linear.name} input range`, key, x: a, width, out: scratch.slots + 32 * taker }]);
      let job: ReturnType<LinearDynamicInt8['planRun']> | undefined;
      before = () => {
        const lanes = slots();
        let [lo, hi] = [0, 0];
        for (let t = 0; t < scratch.takers; t++)
          for (let i = 0; i < 4; i++) [lo, hi] = [Math.min(lo, lanes[8 * t + i]!), Math.max(hi, lanes[8 * t + 4 + i]!)];
        const params = linear.paramsOf(lo, hi, new Float32Array(buffer(), a, M * width));
        job = linear.planRun(M, params, { x: a, a: scratch.a, c, rowTermsAt: scratch.rowTerms, sums: scratch.sums, vectors: scratch.vectors });
      };
      pending.push(() => {
        if (job === undefined) throw new Error(`${linear.name}: its run was not planned`);
        return [{ op: 'int8-linear', key, layout: linear.layout, job }];
      });
    }
    flush(null);
  }
  return out;
}
