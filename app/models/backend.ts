// Choosing where a session runs. WebGPU is asked for in the worker that runs the sessions
// (a page's answer says nothing about a worker's), once per worker. A WebGPU session lists
// 'wasm' after 'webgpu', so onnxruntime runs nodes without a WebGPU kernel on the CPU; a
// model WebGPU cannot take at all falls back to WASM with a note saying why, never a hang.
import { loadOrt, SESSION_OPTIONS, type Backend, type BackendChoice, type Ort, type OrtSessionOptions } from './ort.ts';
import type { OrtSession } from './task.ts';

export type WebgpuStatus =
  | { readonly available: true; readonly adapter: string }
  | { readonly available: false; readonly reason: string };

/** The part of WebGPU asked here (the real `navigator.gpu` is one; tests pass their own). */
interface GpuLike {
  requestAdapter(): Promise<{ readonly info?: { readonly vendor?: string; readonly architecture?: string; readonly description?: string } } | null>;
}

/** Adapter names like "google swiftshader" or "nvidia ampere" (what the browser discloses). */
function adapterName(a: NonNullable<Awaited<ReturnType<GpuLike['requestAdapter']>>>): string {
  // `info` is recent (Chrome 127); older WebGPU browsers only have requestAdapterInfo().
  const info = a.info ?? {};
  const parts = [info.vendor, info.architecture, info.description].filter((s): s is string => typeof s === 'string' && s !== '');
  return parts.length > 0 ? [...new Set(parts)].join(' ') : 'a WebGPU adapter';
}

/** What `nav` (this global's navigator, or a test's) says about WebGPU. */
export async function probeWebgpu(nav: { readonly gpu?: GpuLike } | undefined): Promise<WebgpuStatus> {
  // Typed as always there; absent at run time in browsers without WebGPU and outside secure contexts.
  const gpu = nav !== undefined && 'gpu' in nav ? nav.gpu : undefined;
  if (gpu === undefined) return { available: false, reason: 'this browser has no WebGPU here (navigator.gpu is missing; it needs a secure context)' };
  try {
    // Bounded: the lab worker answers nothing else until it knows (requests run in order).
    const adapter = await within(gpu.requestAdapter(), 10_000, 'the adapter request');
    return adapter === null
      ? { available: false, reason: 'the browser gave no WebGPU adapter (no usable GPU, or WebGPU is turned off)' }
      : { available: true, adapter: adapterName(adapter) };
  } catch (e) {
    return { available: false, reason: `asking for a WebGPU adapter failed: ${messageOf(e)}` };
  }
}

let status: Promise<WebgpuStatus> | null = null;
/** Whether this worker (or page) can run sessions on WebGPU, asked once. */
export const webgpuStatus = (): Promise<WebgpuStatus> => (status ??= probeWebgpu(typeof navigator === 'object' ? navigator : undefined));

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message.split('\n')[0] ?? e.message : String(e));

/** onnxruntime's words for a WebGPU runtime that never arrived (offline: it is not precached), made plain. */
function webgpuFailure(e: unknown): string {
  const m = messageOf(e);
  return /Failed to fetch|Failed to load|NetworkError|dynamically imported module/i.test(m)
    ? `its runtime could not be downloaded, and it is not kept for offline use: ${m}`
    : m;
}

/** A session, the onnxruntime module that made it (its Tensors are the ones it takes), and where it runs. */
export interface BackendSession {
  readonly ort: Ort;
  readonly session: OrtSession;
  readonly backend: Backend;
  /** Why it is not on the backend asked for (null when it is, or when 'auto' quietly chose WASM). */
  readonly note: string | null;
}

export interface CreateOptions {
  readonly backend?: BackendChoice;
  readonly threads?: number | undefined;
  /** Options on top of SESSION_OPTIONS (the bench tries others). */
  readonly options?: OrtSessionOptions;
  /** Give up on a WebGPU session not made in this time and use WASM (default 60 s). */
  readonly webgpuTimeoutMs?: number;
}

function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function createSession(bytes: Uint8Array, options: CreateOptions = {}): Promise<BackendSession> {
  const choice = options.backend ?? 'auto';
  const base: OrtSessionOptions = { ...SESSION_OPTIONS, ...options.options };
  let note: string | null = null;
  if (choice !== 'wasm') {
    const gpu = await webgpuStatus();
    if (gpu.available) {
      let made: Promise<OrtSession> | null = null;
      try {
        const ort = await loadOrt({ threads: options.threads, backend: 'webgpu' });
        made = ort.InferenceSession.create(bytes, { ...base, executionProviders: ['webgpu', 'wasm'] });
        const session = await within(made, options.webgpuTimeoutMs ?? 60_000, 'creating the WebGPU session');
        return { ort, session, backend: 'webgpu', note: null };
      } catch (e) {
        // A session that arrives after the timeout would hold GPU memory nobody uses.
        made?.then((late) => late.release(), () => undefined).catch(() => undefined);
        note = `WebGPU could not run this model (${webgpuFailure(e)}); it ran on WASM instead`;
      }
    } else if (choice === 'webgpu') {
      note = `WebGPU is not available here: ${gpu.reason}; it ran on WASM instead`;
    }
  }
  return { ...(await wasmSession(bytes, base, options.threads)), note };
}

export async function wasmSession(bytes: Uint8Array, base: OrtSessionOptions, threads?: number): Promise<Omit<BackendSession, 'note'>> {
  const ort = await loadOrt({ threads, backend: 'wasm' });
  return { ort, session: await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['wasm'] }), backend: 'wasm' };
}

/** A WASM session standing in for a WebGPU one that failed while running, with the note saying so. */
export const wasmFallback = (bytes: Uint8Array, threads?: number) => async (reason: string): Promise<BackendSession> => ({
  ...(await wasmSession(bytes, SESSION_OPTIONS, threads)),
  note: `WebGPU failed while running this model (${reason}); it ran on WASM instead`,
});

/**
 * Runs `body` on a session; if WebGPU fails at run time (a kernel that cannot take these
 * shapes, a lost device), runs it again, once, on the session `toWasm` makes. Errors about the
 * input (TypeError, RangeError from the task's checks) are the student's and pass straight through.
 */
export async function runWithFallback<S extends Pick<BackendSession, 'backend'> & { readonly session: { release(): Promise<void> } }, T>(
  current: S, body: (s: S) => Promise<T>, toWasm: (reason: string) => Promise<S>,
): Promise<{ result: T; session: S }> {
  try {
    return { result: await body(current), session: current };
  } catch (e) {
    if (current.backend !== 'webgpu' || e instanceof TypeError || e instanceof RangeError) throw e;
    const fallback = await toWasm(messageOf(e));
    await current.session.release().catch(() => undefined);
    return { result: await body(fallback), session: fallback };
  }
}
