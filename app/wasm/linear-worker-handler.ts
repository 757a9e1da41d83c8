// What a pool worker does with each request (runs in the worker; also in-process in Node tests):
// keeps the memory and an instance of each kernel module on it, runs rows of a Linear, and answers
// every request by its id, with the error's text when it failed.
import { instantiateMacro, type MacroFn } from './gemm-run.ts';
import type { FromLinearWorker, ToLinearWorker } from './linear-pool-protocol.ts';
import { runLinearRows } from './linear-rows.ts';

export function linearWorkerHandler(reply: (message: FromLinearWorker) => void): (message: ToLinearWorker) => void {
  let memory: WebAssembly.Memory | undefined;
  const kernels = new Map<string, MacroFn>();
  return (m) => {
    try {
      switch (m.type) {
        case 'init':
          memory = m.memory;
          kernels.clear();
          break;
        case 'kernel':
          if (memory === undefined) throw new Error('a kernel before init');
          kernels.set(m.key, instantiateMacro(m.module, memory));
          break;
        case 'run': {
          const macro = kernels.get(m.key);
          if (memory === undefined || macro === undefined) throw new Error(`no kernel ${m.key} instantiated in this worker`);
          runLinearRows(macro, memory.buffer, m.layout, m.job, m.r0, m.r1, [m.p0, m.p1]);
          break;
        }
      }
      reply({ type: 'done', id: m.id });
    } catch (error) {
      reply({ type: 'error', id: m.id, message: error instanceof Error ? error.message : String(error) });
    }
  };
}
