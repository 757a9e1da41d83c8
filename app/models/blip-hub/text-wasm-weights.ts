// Reading the text decoder's weights out of a checkpoint for the WebAssembly decoder
// (text-wasm.ts; runs wherever it is built: the kernel's worker later, a page, Node): each tensor
// copied to a Float32Array once (a file-backed tensor's read released at once), float32 only;
// variants stored or computed in 16 bits are refused by name, as WasmVisionEncoder refuses them.
import { type CheckpointTensors, float32Copy } from './checkpoint-weights.ts';
import type { BlipVariant } from './blip-hub-sessions.ts';
import type { FormatOf } from './weight-plan.ts';

const WHO = 'the WebAssembly text decoder';

/** A float32 copy of a checkpoint tensor checked to have `shape`; any other dtype is refused by name. */
export const textFloats = (tensors: CheckpointTensors, name: string, shape: readonly number[]): Float32Array => float32Copy(tensors, name, shape, WHO);

/**
 * Throws unless `variant` (when given) computes in float32 with float32 storage (its Linears may be
 * dynamic int8: their formats are checked layer by layer, text-wasm-linears.ts). A variant with a
 * transform needs its per-layer formats (`formatOf`: planBlipWeights needs the whole config).
 */
export function requireTextVariant(variant: BlipVariant | undefined, formatOf: FormatOf | undefined): void {
  if (variant === undefined) return;
  if (variant.storage !== 'float32' || variant.bf16Activations)
    throw new Error(`${WHO} computes float32 only; variant '${variant.label}' is not built on it`);
  if (variant.transform !== null && formatOf === undefined)
    throw new Error(`${WHO}: variant '${variant.label}' has a transform; pass its per-layer formats too (formatOf: planBlipWeights(config, variant.transform))`);
}

/** Row-wise concatenation of Linear weights [out_i, in] (and their biases) into one [Σ out_i, in]: one product instead of several, the same bits per output (one part: that part, not a copy). */
export function concatRows(parts: readonly Float32Array[]): Float32Array {
  // one part: itself (the callers' copies are their own; a copy would fault in fresh pages again, ≈ 0.3 s of a BLIP-base build)
  if (parts.length === 1) return parts[0]!;
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
