// WasmVisionEncoder as BlipHubModel runs it: built once per model variant on the model's
// WebAssembly engine (its memory and pool, shared with the text decoder: engines.ts), recording
// which checkpoint tensors it read for the extra-tensor check. Runs where the model runs.
import type { BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';
import type { BlipVisionSizes } from './config.ts';
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
  static build(tensors: CheckpointTensors, vision: BlipVisionSizes, variant: BlipVariant, engine: WasmEngine): WasmVision {
    const r = recording(tensors);
    const encoder = new WasmVisionEncoder(r.tensors, vision, { memory: engine.memory, variant });
    return new WasmVision(encoder, engine, r.read);
  }

  get label(): string {
    return wasmLabel(this.encoder.kernel, this.engine.threads);
  }

  /** pixel_values [1, C, S, S] → image_embeds [1, N, D] (the pool's threads when there is one). */
  run(pixels: Float32Array): Promise<Float32Array> {
    return this.encoder.run(pixels, this.engine.pool ?? undefined);
  }
}
