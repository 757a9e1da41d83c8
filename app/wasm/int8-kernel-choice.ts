// Which exact int8 kernel a dynamic-int8 Linear runs on this engine (runs in the calling thread: the
// kernel's worker later, a page, Node): `chooseInt8Kernel` from relaxed-dot-probe.ts's reading (pure,
// tested without an engine) and `pickInt8Kernel` with this thread's probe and SIMD128 checked, each
// module's validation memoized (every Linear asks; generating a module's bytes takes milliseconds).
import type { Block } from './gemm-kernels.ts';
import type { GemmMemory } from './gemm-memory.ts';
import { int8ModuleBytes } from './int8-kernels.ts';
import type { Int8Kernel } from './linear-int8-rows.ts';
import { relaxedDotBehaviour, type RelaxedDotBehaviour } from './relaxed-dot-probe.ts';

const BEHAVIOUR: Record<RelaxedDotBehaviour, string> = {
  u8s8: 'reads it as u8 × s8 without saturation',
  s8s8: 'reads that operand as signed (s8 × s8)',
  'pairs-saturate': 'sums pairs of products in int16 with saturation (x86 without VNNI)',
  other: 'gives sums that match no known reading',
  none: 'does not validate relaxed SIMD',
};

/**
 * The kernel for these weights given what the engine does (pure: tested without an engine). `behaviour` is
 * relaxed-dot-probe.ts's reading ('none' where relaxed SIMD does not validate). 'auto': `i8-u8-fused` where
 * relaxed_dot reads u8 × s8 exactly (VNNI); else with reduce_range `i8-shift-fused` where the dot is a native
 * signed one, `i8-shift-relaxed` otherwise; else `i8-dot16`. A kernel asked for by name that cannot compute
 * these weights exactly here throws, saying why.
 */
export function chooseInt8Kernel(behaviour: RelaxedDotBehaviour, reduceRange: boolean, asked: 'auto' | Int8Kernel): Int8Kernel {
  const why = `this WebAssembly engine's relaxed_dot_i8x16_i7x16_add_s ${BEHAVIOUR[behaviour]}`;
  switch (asked) {
    case 'i8-shift-relaxed':
    case 'i8-shift-fused':
      if (!reduceRange) throw new Error(`kernel ${asked} needs reduce_range weights ([-64, 64]): 8-bit weights do not fit its operands`);
      if (behaviour === 'none') throw new Error(`kernel ${asked} was asked for, but ${why}`);
      return asked;
    case 'i8-u8-fused':
      if (behaviour !== 'u8s8') throw new Error(`kernel i8-u8-fused was asked for, but ${why}: u8 activations would not multiply exactly`);
      return asked;
    case 'auto':
      if (behaviour === 'u8s8') return 'i8-u8-fused';
      if (behaviour !== 'none' && reduceRange) return behaviour === 's8s8' ? 'i8-shift-fused' : 'i8-shift-relaxed';
      return 'i8-dot16';
    case 'i8-dot16':
      return asked;
  }
}

const validated = new Map<string, boolean>();

/** Whether this engine validates an int8 kernel's module (memoized: generating its bytes takes milliseconds, and every Linear asks). */
function int8Validates(memory: GemmMemory, kernel: Int8Kernel, block: Block): boolean {
  const key = `${kernel} ${block.mr}x${block.nr} ${memory.maxPages} ${memory.shared}`;
  let ok = validated.get(key);
  if (ok === undefined) {
    ok = WebAssembly.validate(int8ModuleBytes(kernel, block, memory.maxPages, memory.shared));
    validated.set(key, ok);
  }
  return ok;
}

/** The kernel a dynamic-int8 Linear gets on this engine (chooseInt8Kernel with this thread's probe; SIMD128 checked). */
export function pickInt8Kernel(memory: GemmMemory, block: Block, reduceRange: boolean, asked: 'auto' | Int8Kernel = 'auto'): Int8Kernel {
  const relaxed = int8Validates(memory, 'i8-u8-fused', block);
  const kernel = chooseInt8Kernel(relaxed ? relaxedDotBehaviour() : 'none', reduceRange, asked);
  if (kernel === 'i8-dot16' && !int8Validates(memory, 'i8-dot16', block))
    throw new Error('this WebAssembly engine does not validate SIMD128 (i32x4.dot_i16x8_s) code');
  return kernel;
}
