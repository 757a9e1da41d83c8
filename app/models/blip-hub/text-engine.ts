// WasmTextDecoder as BlipHubModel runs it (float32, or quantize_dynamic's int8 Linears as planBlipWeights says): built once per model variant on the model's
// WebAssembly engine (the memory and pool the vision encoder uses too), recording which
// checkpoint tensors it read for the extra-tensor check. Runs where the model runs.
import type { BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensors } from './checkpoint-weights.ts';
import { type BlipHubConfig, visionTokens } from './config.ts';
import { planBlipWeights } from './weight-plan.ts';
import { recording, wasmLabel } from './engines.ts';
import type { DecoderStepper } from './kv-decoder.ts';
import { WasmTextDecoder } from './text-wasm.ts';
import type { WasmEngine } from './wasm-engine.ts';

export class WasmText {
  private constructor(
    readonly decoder: WasmTextDecoder,
    readonly engine: WasmEngine,
    /** the checkpoint tensors the decoder read */
    readonly read: ReadonlySet<string>,
  ) {}

  static build(tensors: CheckpointTensors, config: BlipHubConfig, variant: BlipVariant, engine: WasmEngine): WasmText {
    const r = recording(tensors);
    const formats = variant.transform === null ? {} : { formatOf: planBlipWeights(config, variant.transform) };
    const decoder = new WasmTextDecoder(r.tensors, config.text, visionTokens(config.vision), { memory: engine.memory, variant, ...formats });
    return new WasmText(decoder, engine, r.read);
  }

  /** e.g. 'wasm-relaxed-simd × 2 threads', or with the int8 kernel: 'wasm-relaxed-simd + i8-u8-fused × 2 threads' (linear-int8.ts's chooseInt8Kernel) */
  get label(): string {
    return wasmLabel(this.decoder.kernel, this.engine.threads, this.decoder.int8Kernel);
  }

  /** The image's cross-attention keys/values computed, and the stepper for it (one image at a time). */
  forImage(imageEmbeds: Float32Array): Promise<DecoderStepper<{ readonly batch: number }>> {
    return this.decoder.forImage(imageEmbeds, this.engine.pool ?? undefined);
  }
}
