// Dedicated worker of the 2-thread rows (bundled by node-driver.ts, started by page.ts): instantiates
// a GEMM module on the page's shared memory and runs a range of rows of C when asked.
import { instantiateMacro, runGemm, type GemmPlan, type MacroFn } from '../../app/wasm/gemm-run.ts';

export type ToWorker =
  | { readonly type: 'init'; readonly module: WebAssembly.Module; readonly memory: WebAssembly.Memory }
  | { readonly type: 'run'; readonly plan: GemmPlan; readonly r0: number; readonly r1: number };
export type FromWorker = { readonly type: 'ready' } | { readonly type: 'done' } | { readonly type: 'error'; readonly message: string };

let macro: MacroFn | undefined;
const reply = (m: FromWorker): void => postMessage(m);

onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  try {
    switch (m.type) {
      case 'init':
        macro = instantiateMacro(m.module, m.memory);
        reply({ type: 'ready' });
        break;
      case 'run':
        if (macro === undefined) throw new Error('run before init');
        runGemm(macro, m.plan, m.r0, m.r1);
        reply({ type: 'done' });
        break;
    }
  } catch (error) {
    reply({ type: 'error', message: String(error) });
  }
};
