// What a pool worker does with each request (runs in the worker; also in-process in Node tests):
// keeps the memory and an instance of each kernel module on it, runs rows of a Linear, and answers
// every request by its id, with the error's text when it failed; runs row-steps.ts's steps on rows;
// the same for dynamic-int8 Linears (an instance of each int8 module, runDynamicInt8Rows).
import { instantiateActivations, type ActivationFns } from './activation-kernels.ts';
import { instantiateMacro, type MacroFn } from './gemm-run.ts';
import { instantiateInt8 } from './linear-int8.ts';
import { runDynamicInt8Rows, type Int8Instance } from './linear-int8-rows.ts';
import type { FromLinearWorker, ToLinearWorker } from './linear-pool-protocol.ts';
import { runLinearRows } from './linear-rows.ts';
import { runRowSteps } from './row-steps.ts';
import { listenHandoff } from './handoff.ts';
import type { Int8LinearLayout } from './linear-int8-rows.ts';
import type { LinearLayout } from './linear-rows.ts';

type Registered =
  | { readonly kind: 'f32'; readonly key: string; readonly layout: LinearLayout }
  | { readonly kind: 'int8'; readonly key: string; readonly layout: Int8LinearLayout };

export function linearWorkerHandler(reply: (message: FromLinearWorker) => void): (message: ToLinearWorker) => void {
  let memory: WebAssembly.Memory | undefined;
  const kernels = new Map<string, MacroFn>();
  const int8Kernels = new Map<string, Int8Instance>();
  let activations: ActivationFns | undefined;
  const layouts = new Map<number, Registered>();
  const int8 = (key: string): Int8Instance => {
    const found = int8Kernels.get(key);
    if (found === undefined) throw new Error(`no int8 kernel ${key} instantiated in this worker`);
    return found;
  };
  const macro = (key: string): MacroFn => {
    const found = kernels.get(key);
    if (found === undefined) throw new Error(`no kernel ${key} instantiated in this worker`);
    return found;
  };
  return (m) => {
    try {
      switch (m.type) {
        case 'init':
          memory = m.memory;
          kernels.clear();
          int8Kernels.clear();
          layouts.clear();
          activations = instantiateActivations(m.activations, m.memory);
          break;
        case 'kernel':
          if (memory === undefined) throw new Error('a kernel before init');
          kernels.set(m.key, instantiateMacro(m.module, memory));
          break;
        case 'int8-kernel':
          if (memory === undefined) throw new Error('an int8 kernel before init');
          int8Kernels.set(m.key, instantiateInt8(m.module, memory));
          break;
        case 'int8-run':
          if (memory === undefined) throw new Error('an int8 run before init');
          runDynamicInt8Rows(int8(m.key), memory.buffer, m.layout, m.job, m.r0, m.r1, [m.p0, m.p1]);
          break;
        case 'run': {
          if (memory === undefined) throw new Error('a run before init');
          runLinearRows(macro(m.key), memory.buffer, m.layout, m.job, m.r0, m.r1, [m.p0, m.p1]);
          break;
        }
        case 'steps':
          if (memory === undefined || activations === undefined) throw new Error('steps before init');
          runRowSteps({ macro, activations, int8 }, memory.buffer, m.steps, m.r0, m.r1);
          break;
        case 'layout':
          layouts.set(
            m.index,
            m.kind === 'f32' ? { kind: 'f32', key: m.key, layout: m.layout } : { kind: 'int8', key: m.key, layout: m.layout },
          );
          break;
        case 'listen': {
          const mem = memory;
          if (mem === undefined) throw new Error('listen before init');
          // blocks this worker until the caller stops it or no job comes for a while (handoff.ts)
          const failure = listenHandoff(m.box, ({ layout, job, r0, r1, p0, p1 }) => {
            const r = layouts.get(layout);
            if (r === undefined) throw new Error(`no layout ${layout} registered in this worker`);
            if (r.kind === 'f32') runLinearRows(macro(r.key), mem.buffer, r.layout, job, r0, r1, [p0, p1]);
            else runDynamicInt8Rows(int8(r.key), mem.buffer, r.layout, job, r0, r1, [p0, p1]);
          });
          if (failure !== null) throw new Error(failure);
          break;
        }
      }
      reply({ type: 'done', id: m.id });
    } catch (error) {
      reply({ type: 'error', id: m.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
}
