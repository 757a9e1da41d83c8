// A LinearF32 for few rows (runs where LinearF32 runs; a LinearPool takes it as any LinearF32):
// the same packed panels, bias and kernel, with K not split into blocks (kc = kPad). LinearF32
// blocks K by 256 so that a panel's block stays in L1 while many rows of A stream past it; with
// one row (the text decoder's steps: M = 1, or the beams) there is nothing to reuse, and the
// blocks only make each panel stream in pieces and C be stored and reloaded per block. One pass
// reads every panel once, front to back: 1.3–1.9x at M = 1 in Node (768 × 3072: 0.79 → 0.56 ms;
// the LM head's 768 × 30,524: 12.4 → 6.6 ms). The bits are LinearF32's: each output's sum runs
// over k in the same order, and a stored C block holds the float32 accumulator exactly.
import type { GemmMemory } from './gemm-memory.ts';
import { LinearF32, type LinearOptions, type LinearSpec } from './linear-f32.ts';
import type { LinearLayout } from './linear-rows.ts';

export class GemvLinearF32 extends LinearF32 {
  declare readonly layout: LinearLayout;

  constructor(memory: GemmMemory, spec: LinearSpec, options: LinearOptions = {}) {
    super(memory, spec, options);
    // Packing does not read kc (only kPad and nr): the panels LinearF32 wrote serve unchanged.
    this.layout = { ...this.layout, kc: this.layout.kPad };
  }
}
