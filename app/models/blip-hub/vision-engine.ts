// Which engine encodes the image in BlipHubModel.run(): app/wasm's WebAssembly kernels
// (WasmVisionEncoder, float32 only) or onnxruntime's vision graph. `vision_engine` is a run()
// option: 'auto' (the default: WebAssembly for the float32 variant when the runtime offers it,
// else onnxruntime), 'wasm' (refused, saying why, when it cannot run: never a silent fallback)
// or 'onnxruntime'. Runs where the model runs (kernel worker, lab worker, Node).
import type { BlipHubRuntime, BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensor, CheckpointTensors } from './checkpoint-weights.ts';
import type { BlipVisionSizes } from './config.ts';
import { WasmVisionEncoder } from './vision-wasm.ts';
import type { WasmEngine } from './wasm-engine.ts';

export const VISION_ENGINES = ['auto', 'wasm', 'onnxruntime'] as const;
export type VisionEngineOption = (typeof VISION_ENGINES)[number];
export type VisionEngine = Exclude<VisionEngineOption, 'auto'>;

const isOption = (value: unknown): value is VisionEngineOption => VISION_ENGINES.some((e) => e === value);

export function parseVisionEngine(value: unknown): VisionEngineOption {
  if (value === undefined) return 'auto';
  if (!isOption(value)) throw new TypeError(`run(): vision_engine must be ${VISION_ENGINES.map((e) => `'${e}'`).join(', ')} or left out, got ${JSON.stringify(value)}`);
  return value;
}

/** Whether the variant is the one the WebAssembly encoder computes (float32, no transform). */
const isFloat32 = (v: BlipVariant): boolean => v.transform === null && v.storage === 'float32' && !v.bf16Activations;

/** The engine a run uses; 'wasm' asked where it cannot run throws, naming why. */
export function chooseVisionEngine(option: VisionEngineOption, variant: BlipVariant, runtime: BlipHubRuntime): VisionEngine {
  switch (option) {
    case 'onnxruntime':
      return 'onnxruntime';
    case 'auto':
      return isFloat32(variant) && runtime.wasm !== undefined ? 'wasm' : 'onnxruntime';
    case 'wasm':
      if (!isFloat32(variant))
        throw new TypeError(`run(): vision_engine 'wasm' computes the float32 model only; this one is '${variant.label}' (use vision_engine 'onnxruntime' or leave it out)`);
      if (runtime.wasm === undefined) throw new TypeError("run(): vision_engine 'wasm': this runtime has no WebAssembly engine (use vision_engine 'onnxruntime' or leave it out)");
      return 'wasm';
  }
}

/** The checkpoint as the encoder reads it, with the names it asked for (the extra-tensor check counts them as read). */
function recording(tensors: CheckpointTensors): { tensors: CheckpointTensors; read: Set<string> } {
  const read = new Set<string>();
  const get = (name: string): CheckpointTensor | undefined => {
    read.add(name);
    return tensors.get(name);
  };
  const view: CheckpointTensors = {
    get,
    has: (name) => tensors.has(name),
    get size() {
      return tensors.size;
    },
    forEach: (fn, self?: unknown) => tensors.forEach((t, n) => fn.call(self, t, n, view)),
    entries: () => tensors.entries(),
    keys: () => tensors.keys(),
    values: () => tensors.values(),
    [Symbol.iterator]: () => tensors[Symbol.iterator](),
  };
  return { tensors: view, read };
}

const kernelName = { 'f32-relaxed': 'wasm-relaxed-simd', 'f32-plain': 'wasm-simd128' } as const;

/** WasmVisionEncoder on its own engine (memory + pool), built once per model variant. */
export class WasmVision {
  private constructor(
    readonly encoder: WasmVisionEncoder,
    readonly engine: WasmEngine,
    /** the checkpoint tensors the encoder read */
    readonly read: ReadonlySet<string>,
  ) {}

  static async build(tensors: CheckpointTensors, vision: BlipVisionSizes, variant: BlipVariant, open: () => Promise<WasmEngine>): Promise<WasmVision> {
    const engine = await open();
    try {
      const r = recording(tensors);
      const encoder = new WasmVisionEncoder(r.tensors, vision, { memory: engine.memory, variant });
      return new WasmVision(encoder, engine, r.read);
    } catch (e) {
      engine.dispose();
      throw e;
    }
  }

  /** e.g. 'wasm-relaxed-simd × 2 threads': the kernel the Linears run and the threads a run uses. */
  get label(): string {
    const n = this.engine.threads;
    return `${kernelName[this.encoder.kernel]} × ${n} thread${n === 1 ? '' : 's'}`;
  }

  /** pixel_values [1, C, S, S] → image_embeds [1, N, D] (the pool's threads when there is one). */
  run(pixels: Float32Array): Promise<Float32Array> {
    return this.encoder.run(pixels, this.engine.pool ?? undefined);
  }

  dispose(): void {
    this.engine.dispose();
  }
}
