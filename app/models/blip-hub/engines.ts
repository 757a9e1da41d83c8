// Which engine computes each half of BlipHubModel.run(): app/wasm's WebAssembly kernels
// (WasmVisionEncoder, WasmTextDecoder: float32 and quantize_dynamic's int8 Linears) or
// onnxruntime's graphs. Two run() options, `vision_engine` (the image encoder) and
// `decoder_engine` (the text decoder with its KV cache), each 'auto' (the default: WebAssembly
// where it computes the variant and the runtime offers it, else onnxruntime), 'wasm' (refused, saying why, where it cannot run: never a
// silent fallback) or 'onnxruntime'. Runs where the model runs (kernel worker, lab worker, Node).
import type { LinearKernel } from '../../wasm/linear-f32.ts';
import type { WeightFormat } from '../../onnx/plan.ts';
import type { BlipHubRuntime, BlipVariant } from './blip-hub-sessions.ts';
import type { CheckpointTensor, CheckpointTensors } from './checkpoint-weights.ts';
import type { BlipHubConfig } from './config.ts';
import { blipLayers, planBlipWeights } from './weight-plan.ts';

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

/** Which half an engine computes. */
export type Half = 'vision' | 'decoder';

/** The weight formats app/wasm computes, per half (app/onnx/plan.ts's kinds). */
const WASM_FORMATS: Record<Half, ReadonlySet<WeightFormat['kind']>> = {
  vision: new Set(['fp32', 'dynamic']),
  decoder: new Set(['fp32', 'dynamic']),
};
const WHAT = 'the float32 model and quantize_dynamic() only';

const isPrefix = (name: string, half: Half): boolean => name.startsWith(half === 'vision' ? 'vision_model.' : 'text_decoder.');

/** Whether app/wasm computes this half of the variant: float32 storage, no bf16 activations, every Linear of the half in a format it has. */
export function wasmComputes(config: BlipHubConfig, variant: BlipVariant, half: Half): boolean {
  if (variant.storage !== 'float32' || variant.bf16Activations) return false;
  if (variant.transform === null) return true;
  const formatOf = planBlipWeights(config, variant.transform);
  return blipLayers(config).every((l) => !isPrefix(l.name, half) || WASM_FORMATS[half].has(formatOf(l.name, l.op).kind));
}

/** The engine a run uses for one half; 'wasm' asked where it cannot run throws, naming why. */
export function chooseEngine(option: EngineOption, name: EngineOptionName, config: BlipHubConfig, variant: BlipVariant, runtime: BlipHubRuntime): Engine {
  const half: Half = name === 'vision_engine' ? 'vision' : 'decoder';
  switch (option) {
    case 'onnxruntime':
      return 'onnxruntime';
    case 'auto':
      return runtime.wasm !== undefined && wasmComputes(config, variant, half) ? 'wasm' : 'onnxruntime';
    case 'wasm':
      if (!wasmComputes(config, variant, half))
        throw new TypeError(`run(): ${name} 'wasm' computes ${WHAT}; this one is '${variant.label}' (use ${name} 'onnxruntime' or leave it out)`);
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

/** e.g. 'wasm-relaxed-simd × 2 threads': the kernel the float32 Linears run (and the int8 ones', if any) and the threads a run uses. */
export const wasmLabel = (kernel: LinearKernel, threads: number, int8: string | null = null): string =>
  `${kernelName[kernel]}${int8 === null ? '' : ` + ${int8}`} × ${threads} thread${threads === 1 ? '' : 's'}`;
