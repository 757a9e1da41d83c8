// Everything a cell can use without importing it, and the built-in modules a
// cell can import ("torch", "@observablehq/plot").
import * as torchModule from '../../torch/index.ts';
import { fixed, format, pyStr, quant, torch } from '../../torch/index.ts';
import type { IoBuiltins } from './io-builtins.ts';
import type { LazyBuiltin, LazyBuiltinKernel } from './kernel-runtime.ts';
import type { ModuleLoader } from './modules.ts';
import { loadPlot } from './plot.ts';
import { createCheck } from './check-builtin.ts';
import type { ModelContext } from '../../models/model-cache.ts';

/** Names every cell sees, for editor completion; `Plot` is loaded on first use. */
export const BUILTIN_NAMES: readonly string[] = [
  'print',
  'display',
  'console',
  'sleep',
  'torch',
  'format',
  'pyStr',
  'fixed',
  'quant',
  'Plot',
  'check',
  'models',
  'ocr',
  'blip',
  'pickImage',
];

/** What the editor completes: the built-ins, and `torch.x`, `fixed.x`, `quant.x` members. */
export const COMPLETION_NAMES: readonly string[] = [
  ...BUILTIN_NAMES,
  ...Object.keys(torch).map((k) => `torch.${k}`),
  ...Object.keys(fixed).map((k) => `fixed.${k}`),
  ...Object.keys(quant).map((k) => `quant.${k}`),
  ...['ok', 'equal', 'close'].map((k) => `check.${k}`),
];

/** Built-ins available from start-up (all of BUILTIN_NAMES but the lazily loaded `Plot`). */
export function createBuiltins(io: IoBuiltins): Record<string, unknown> {
  return { ...io, torch, format, pyStr, fixed, quant, check: createCheck((line) => io.print(line)) };
}

/** A built-in that loads on first use; the key is the name cells refer to. */
// The model runtime (onnxruntime-web, the ONNX reader) is large: it loads when a cell first names it.
const loadModels = () => import('../../models/index.ts');

/**
 * `models` over the ModelContext `context()` gives (where files loaded by URL come from, and the
 * page a relative URL means), with progress lines printed by default when a model folder is
 * downloaded from a URL: the kernel hands over its print, so a download says what it is doing in
 * the cell that asked for it.
 */
const loadModelsBuiltin =
  (context: () => Promise<ModelContext>): LazyBuiltin =>
  (kernel: LazyBuiltinKernel) => {
    const log = (line: string): void => kernel.print(line);
    return Promise.all([loadModels(), context()]).then(([{ createModels }, c]) => {
      const models = createModels(c);
      return Object.freeze({
        ...models,
        load: (id: string, options: Parameters<typeof models.load>[1] = {}) => models.load(id, { log, ...options }),
        // Same default; options that are not a plain object go through as they are, so from_pretrained's TypeError names them.
        from_pretrained: (source: Parameters<typeof models.from_pretrained>[0], options: unknown = {}) =>
          models.from_pretrained(
            source,
            typeof options !== 'object' || options === null || Array.isArray(options) ? options : { log, ...options },
          ),
      });
    });
  };

/** Built-ins loaded when a cell first names them; `models` gets its ModelContext from `modelContext` (the kernel's worker: the page's store and URL). */
export function lazyBuiltins(modelContext: () => Promise<ModelContext>): Readonly<Record<string, LazyBuiltin>> {
  return {
    Plot: loadPlot,
    models: loadModelsBuiltin(modelContext),
    ocr: () => loadModels().then((m) => m.ocr),
    blip: () => loadModels().then((m) => m.blip),
  };
}

/** The same over this context's own model cache and location (the runtime's tests in Node). */
export const LAZY_BUILTINS = lazyBuiltins(() => import('../../models/model-cache.ts').then((m) => m.localModelContext()));

export const BUILTIN_MODULES: Readonly<Record<string, ModuleLoader>> = {
  // `import torch from "torch"`, `import { tensor } from "torch"` and `import * as torch from "torch"` all work.
  torch: () => Object.freeze({ ...torchModule, ...torch, default: torch }),
  '@observablehq/plot': loadPlot,
};
