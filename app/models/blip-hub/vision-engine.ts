// WasmVisionEncoder as BlipHubModel runs it (float32, or quantize_dynamic's int8 Linears as planBlipWeights says): built once per model variant on the model's
// WebAssembly engine (its memory and pool, shared with the text decoder: engines.ts), recording
// which checkpoint tensors it read for the extra-tensor check. Runs where the model runs.
import type { BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';
import type { BlipHubConfig } from './config.ts';
import { planBlipWeights } from './weight-plan.ts';
import { recording, wasmLabel } from './engines.ts';
import { WasmVisionEncoder } from './vision-wasm.ts';
import type { WasmEngine } from './wasm-engine.ts';

export class WasmVision {
  private constructor(
    readonly encoder: WasmVisionEncoder,
    readonly engine: WasmEngine,
    /** the checkpoint tensors the encoder read */
    readonly read: ReadonlySet<string>,
  ) {}

  /** The encoder's weights packed into the engine's memory (the engine stays the model's). */
  static build(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, engine: WasmEngine): WasmVision {
    const r = recording(tensors);
    const formats = variant.transform === null ? {} : { formatOf: planBlipWeights(config, variant.transform) };
    const encoder = new WasmVisionEncoder(r.tensors, config.vision, { memory: engine.memory, variant, ...formats });
    return new WasmVision(encoder, engine, r.read);
  }

  /** e.g. 'wasm-relaxed-simd × 2 threads', 'wasm-relaxed-simd + i8-u8-fused × 2 threads' (linear-int8.ts's chooseInt8Kernel) */
  get label(): string {
    const int8 = this.encoder.int8Kernels;
    return wasmLabel(this.encoder.kernel, this.engine.threads, int8.length === 0 ? null : int8.join(' + '));
  }

  /** pixel_values [1, C, S, S] → image_embeds [1, N, D] (the pool's threads when there is one). */
  run(pixels: Float32Array): Promise<Float32Array> {
    return this.encoder.run(pixels, this.engine.pool ?? undefined);
  }
}
