// The runtime's WebAssembly part (app/wasm's kernels) as BlipHubModel sees it: `open()` makes one
// GemmMemory and, when threads > 1 and workers can share it, a LinearPool of threads − 1 workers
// plus the calling thread (`callerShare`). One engine per model variant, not one per runtime:
// a GemmMemory never shrinks and its weights are never freed, so a model that is disposed must
// take its memory with it (dispose ends the pool's workers and drops the last reference to the
// memory, which the engine then frees). A second model costs a second memory (its own weights).
// Runs in the calling thread (the kernel's worker, the lab's worker, Node).
import { GemmMemory } from '../../wasm/gemm-memory.ts';
import { LinearPool, type SpawnLinearWorker } from '../../wasm/linear-pool.ts';

export interface WasmEngine {
  readonly memory: GemmMemory;
  /** null: every product runs in the calling thread */
  readonly pool: LinearPool | null;
  /** threads a run uses: the pool's workers + the calling thread, or 1 */
  readonly threads: number;
  /** Ends the pool's workers; the memory goes with the last reference to it. */
  dispose(): void;
}

/** What a BlipHubRuntime offers to run app/wasm's kernels. */
export interface BlipWasmRuntime {
  /** threads an engine will use (the pool's workers + the calling thread) */
  readonly threads: number;
  open(): Promise<WasmEngine>;
}

export interface WasmRuntimeOptions {
  readonly threads: number;
  /** how the pool's workers start; null: no pool (one thread) */
  readonly spawn: SpawnLinearWorker | null;
}

export function wasmRuntime(options: WasmRuntimeOptions): BlipWasmRuntime {
  const { spawn } = options;
  if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError(`wasm runtime: threads must be a positive integer, got ${options.threads}`);
  const threads = spawn === null ? 1 : options.threads;
  return {
    threads,
    open: async () => {
      // Shared only when a pool will use it (a plain memory needs no cross-origin isolation).
      const memory = new GemmMemory({ shared: threads > 1 });
      const pool = threads > 1 && spawn !== null ? await LinearPool.create(memory, { workers: threads - 1, callerShare: true, handoff: true, spawn }) : null;
      return { memory, pool, threads, dispose: () => pool?.dispose() };
    },
  };
}
