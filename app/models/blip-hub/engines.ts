// Which engine computes each half of BlipHubModel.run(): app/wasm's WebAssembly kernels
// (WasmVisionEncoder and WasmTextDecoder, float32 only) or onnxruntime's graphs. Two run()
// options, `vision_engine` (the image encoder) and `decoder_engine` (the text decoder with its
// KV cache), each 'auto' (the default: WebAssembly for the float32 variant when the runtime
// offers it, else onnxruntime), 'wasm' (refused, saying why, where it cannot run: never a
// silent fallback) or 'onnxruntime'. Runs where the model runs (kernel worker, lab worker, Node).
import type { LinearKernel } from '../../wasm/linear-f32.ts';
import type { BlipHubRuntime, BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensor, CheckpointTensors } from './checkpoint-weights.ts';

export const ENGINES = ['auto', 'wasm', 'onnxruntime'] as const;
export type EngineOption = (typeof ENGINES)[number];
export type Engine = Exclude<EngineOption, 'auto'>;
/** The run() option that chose an engine (errors name it). */
export type EngineOptionName = 'vision_engine' | 'decoder_engine';

const isOption = (value: unknown): value is EngineOption => ENGINES.some((e) => e === value);

export function parseEngine(value: unknown, option: EngineOptionName): EngineOption {
  if (value === undefined) return 'auto';
  if (!isOption(value)) throw new TypeError(`run(): ${option} must be ${ENGINES.map((e) => `'${e}'`).join(', ')} or left out, got ${JSON.stringify(value)}`);
  return value;
}

/** Whether the variant is the one the WebAssembly engines compute (float32, no transform). */
export const isFloat32 = (v: BlipVariant): boolean => v.transform === null && v.storage === 'float32' && !v.bf16Activations;

/** The engine a run uses; 'wasm' asked where it cannot run throws, naming why. */
export function chooseEngine(option: EngineOption, name: EngineOptionName, variant: BlipVariant, runtime: BlipHubRuntime): Engine {
  switch (option) {
    case 'onnxruntime':
      return 'onnxruntime';
    case 'auto':
      return isFloat32(variant) && runtime.wasm !== undefined ? 'wasm' : 'onnxruntime';
    case 'wasm':
      if (!isFloat32(variant))
        throw new TypeError(`run(): ${name} 'wasm' computes the float32 model only; this one is '${variant.label}' (use ${name} 'onnxruntime' or leave it out)`);
      if (runtime.wasm === undefined) throw new TypeError(`run(): ${name} 'wasm': this runtime has no WebAssembly engine (use ${name} 'onnxruntime' or leave it out)`);
      return 'wasm';
  }
}

/** The checkpoint as an engine reads it, with the names it asked for (the extra-tensor check counts them as read). */
export function recording(tensors: CheckpointTensors): { tensors: CheckpointTensors; read: Set<string> } {
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

/** e.g. 'wasm-relaxed-simd × 2 threads': the kernel the Linears run and the threads a run uses. */
export const wasmLabel = (kernel: LinearKernel, threads: number): string => `${kernelName[kernel]} × ${threads} thread${threads === 1 ? '' : 's'}`;
