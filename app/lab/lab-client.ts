// The page's handle on the lab worker: typed requests, progress callbacks, a watchdog
// (a worker silent for `idleTimeout` while a request is pending is restarted), and Cancel,
// which terminates the worker — the only way to stop a running session — and starts a new
// one that loads the same model again, so the page keeps working. Plain class, no React.
// Ids, timeouts, restarts and stale workers are app/shared/worker-rpc.ts's, as for the kernel.
import type { LayerError } from '../onnx/metrics.ts';
import type { TransformConfig } from '../onnx/plan.ts';
import type {
  HistogramReport,
  HistogramRequest,
  LabEvent,
  LabRequest,
  LabResult,
  MatmulReport,
  ModelInfo,
  ModelSource,
  OcrBenchReport,
  OcrBenchRequest,
  RunRequest,
  VariantOutcome,
  WebgpuStatus,
} from './protocol.ts';
import type { CaptionModelInfo, CaptionModelSource, CaptionRow, CaptionRunRequest, CaptionSampleInfo } from './caption-protocol.ts';
import { WorkerRpc } from '../shared/worker-rpc.ts';

export interface LabWorkerHandle {
  post(request: LabRequest, transfer?: Transferable[]): void;
  terminate(): void;
}

export type CreateLabWorker = (onEvent: (event: LabEvent) => void, onCrash: (message: string) => void) => LabWorkerHandle;

export const createBrowserLabWorker: CreateLabWorker = (onEvent, onCrash) => {
  // This exact form lets Vite find and bundle the worker.
  const worker = new Worker(new URL('./lab-worker.ts', import.meta.url), { type: 'module', name: 'model-lab' });
  worker.addEventListener('message', (e: MessageEvent<LabEvent>) => onEvent(e.data));
  worker.addEventListener('error', (e) => {
    e.preventDefault();
    onCrash(e.message || 'the lab worker failed');
  });
  return { post: (request, transfer = []) => worker.postMessage(request, transfer), terminate: () => worker.terminate() };
};

export class LabCancelled extends Error {
  override name = 'LabCancelled';
}

export interface RequestCallbacks {
  onProgress?(label: string, done: number, total: number | null): void;
  onVariant?(outcome: VariantOutcome): void;
  onCaptionRow?(row: CaptionRow): void;
}

type Body = LabRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

export interface LabClientOptions {
  /** onnxruntime's threads in the worker; default: app/models/ort.ts's defaultThreads(). */
  readonly threads?: number;
  readonly createWorker?: CreateLabWorker;
  /** Restart a worker that says nothing for this long while a request is pending (default 90 s). */
  readonly idleTimeout?: number;
}

export class LabClient {
  readonly #threads: number | null;
  readonly #idleTimeout: number;
  /** The callbacks of each request the worker has not answered yet, by id. */
  readonly #callbacks = new Map<number, RequestCallbacks>();
  readonly #restartListeners = new Set<(message: string) => void>();
  readonly #readyListeners = new Set<(webgpu: WebgpuStatus) => void>();
  readonly #rpc: WorkerRpc<LabRequest, LabEvent, LabResult, never>;
  #lastLoad: ModelSource | null = null;
  #disposed = false;
  /** onnxruntime's thread count in the current worker, once it reported. */
  threads: number | null = null;
  /** Whether the current worker can run sessions on WebGPU, once it reported. */
  webgpu: WebgpuStatus | null = null;

  constructor(options: LabClientOptions = {}) {
    this.#threads = options.threads ?? null;
    this.#idleTimeout = options.idleTimeout ?? 90_000;
    const create = options.createWorker ?? createBrowserLabWorker;
    this.#rpc = new WorkerRpc<LabRequest, LabEvent, LabResult, never>({
      create: (handlers) =>
        create(
          (event) => handlers.onEvent(event),
          (message) => handlers.onCrash(message),
        ),
      onEvent: (event) => this.#onEvent(event),
      crashError: (message) => new Error(crashMessage(message)),
      onCrash: (message) => this.#restart(crashMessage(message), false),
    });
    this.#start();
  }

  /** Called after the worker was replaced (Cancel, timeout, crash), with the reason. */
  onRestart(listener: (message: string) => void): () => void {
    this.#restartListeners.add(listener);
    return () => this.#restartListeners.delete(listener);
  }

  /** Called when a worker has started and said whether it has WebGPU (again after a restart). */
  onReady(listener: (webgpu: WebgpuStatus) => void): () => void {
    this.#readyListeners.add(listener);
    if (this.webgpu !== null) listener(this.webgpu);
    return () => this.#readyListeners.delete(listener);
  }

  async load(source: ModelSource, callbacks: RequestCallbacks = {}): Promise<ModelInfo> {
    // The worker gets its own copy of a file's bytes; ours stays for a restart.
    const r = await this.#request(
      { type: 'load', source: source.kind === 'file' ? { ...source, bytes: source.bytes.slice(0) } : source },
      callbacks,
    );
    if (r.kind !== 'load') throw new Error(`lab worker answered ${r.kind} to load`);
    this.#lastLoad = source;
    return r.info;
  }

  async run(run: RunRequest, callbacks: RequestCallbacks = {}): Promise<readonly VariantOutcome[]> {
    const r = await this.#request({ type: 'run', run }, callbacks);
    if (r.kind !== 'run') throw new Error(`lab worker answered ${r.kind} to run`);
    return r.variants;
  }

  async histogram(histogram: HistogramRequest): Promise<HistogramReport> {
    const r = await this.#request({ type: 'histogram', histogram }, {});
    if (r.kind !== 'histogram') throw new Error(`lab worker answered ${r.kind} to histogram`);
    return r.report;
  }

  async layerErrors(config: TransformConfig): Promise<readonly LayerError[]> {
    const r = await this.#request({ type: 'layer-errors', config }, {});
    if (r.kind !== 'layer-errors') throw new Error(`lab worker answered ${r.kind} to layer-errors`);
    return r.errors;
  }

  async benchMatmul(layers: number, rows: number, dim: number, repeats: number): Promise<MatmulReport> {
    const r = await this.#request({ type: 'bench-matmul', layers, rows, dim, repeats }, {});
    if (r.kind !== 'bench-matmul') throw new Error(`lab worker answered ${r.kind} to bench-matmul`);
    return r.report;
  }

  async benchOcr(bench: OcrBenchRequest): Promise<OcrBenchReport> {
    const r = await this.#request({ type: 'bench-ocr', bench }, {});
    if (r.kind !== 'bench-ocr') throw new Error(`lab worker answered ${r.kind} to bench-ocr`);
    return r.report;
  }

  /** Loads a captioner (tiny BLIP, or from_pretrained); bytes of a download arrive as progress (done, total). */
  async captionLoad(source: CaptionModelSource, callbacks: RequestCallbacks = {}): Promise<CaptionModelInfo> {
    const r = await this.#request({ type: 'caption-load', source }, callbacks);
    if (r.kind !== 'caption-load') throw new Error(`lab worker answered ${r.kind} to caption-load`);
    return r.info;
  }

  async captionSamples(): Promise<readonly CaptionSampleInfo[]> {
    const r = await this.#request({ type: 'caption-samples' }, {});
    if (r.kind !== 'caption-samples') throw new Error(`lab worker answered ${r.kind} to caption-samples`);
    return r.samples;
  }

  async captionRun(run: CaptionRunRequest, callbacks: RequestCallbacks = {}): Promise<readonly CaptionRow[]> {
    const r = await this.#request({ type: 'caption-run', run }, callbacks);
    if (r.kind !== 'caption-run') throw new Error(`lab worker answered ${r.kind} to caption-run`);
    return r.rows;
  }

  get busy(): boolean {
    return this.#rpc.pending > 0;
  }

  /** Stops everything the worker is doing: pending requests fail with LabCancelled. */
  cancel(): void {
    this.#restart('Cancelled: the lab worker was stopped and restarted', true);
  }

  /** Ends the worker for good: pending requests fail with LabCancelled, later ones at once with an Error (never a silent wait). */
  dispose(): void {
    this.#disposed = true;
    this.#rpc.stop(new LabCancelled('the lab was closed'));
  }

  #start(reason: Error = new Error('the lab worker was started again')): void {
    this.#rpc.start(reason);
    this.#rpc.post({ type: 'init', threads: this.#threads });
  }

  #restart(message: string, cancelled: boolean): void {
    if (this.#disposed) return;
    this.threads = null;
    this.webgpu = null;
    this.#start(cancelled ? new LabCancelled(message) : new Error(message));
    // The student already asked for this model: bring it back so the page keeps working.
    const again = this.#lastLoad;
    if (again !== null) this.load(again).catch(() => undefined);
    for (const listener of this.#restartListeners) listener(message);
  }

  #request(body: Body, callbacks: RequestCallbacks): Promise<LabResult> {
    if (this.#disposed) return Promise.reject(new Error(`The lab worker was closed (LabClient.dispose); ${body.type} cannot run`));
    let id = 0;
    const idle = `The lab worker did not answer for ${Math.round(this.#idleTimeout / 1000)} s and was restarted`;
    const result = this.#rpc.call(
      (callId) => {
        id = callId;
        this.#callbacks.set(id, callbacks);
        return { ...body, id };
      },
      // The worker handles requests one at a time; its progress for any of them restarts every clock (touch), so the timeout counts silence.
      { timeout: this.#idleTimeout, timeoutError: () => new Error(idle), onTimeout: () => this.#restart(idle, false) },
    );
    const forget = (): void => void this.#callbacks.delete(id);
    result.then(forget, forget);
    return result;
  }

  #onEvent(event: LabEvent): void {
    if (event.type === 'ready') {
      this.threads = event.threads;
      this.webgpu = event.webgpu;
      for (const listener of this.#readyListeners) listener(event.webgpu);
      return;
    }
    const callbacks = this.#callbacks.get(event.id);
    if (callbacks === undefined || !this.#rpc.has(event.id)) return; // a request we gave up on
    this.#rpc.touch();
    if (event.type === 'progress') callbacks.onProgress?.(event.label, event.done, event.total);
    else if (event.type === 'variant') callbacks.onVariant?.(event.outcome);
    else if (event.type === 'caption-row') callbacks.onCaptionRow?.(event.row);
    else if (event.type === 'result') this.#rpc.answer(event.id, event.result);
    else {
      const error = new Error(event.message);
      error.name = event.name;
      this.#rpc.refuse(event.id, error);
    }
  }
}

const crashMessage = (message: string): string => `The lab worker stopped (${message}; out of memory?) and was restarted`;
