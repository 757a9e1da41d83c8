import { describe, expect, it, vi } from 'vitest';
import { probeWebgpu, runWithFallback } from './backend.ts';

describe('probeWebgpu', () => {
  it('names the adapter a browser gives, as its vendor and architecture', async () => {
    const gpu = { requestAdapter: () => Promise.resolve({ info: { vendor: 'google', architecture: 'swiftshader', description: '' } }) };
    expect(await probeWebgpu({ gpu })).toEqual({ available: true, adapter: 'google swiftshader' });
    expect(await probeWebgpu({ gpu: { requestAdapter: () => Promise.resolve({}) } })).toEqual({ available: true, adapter: 'a WebGPU adapter' });
  });

  it('says why there is no WebGPU: no navigator.gpu, no adapter, or a failing request', async () => {
    expect(await probeWebgpu({})).toEqual({ available: false, reason: 'this browser has no WebGPU here (navigator.gpu is missing; it needs a secure context)' });
    expect(await probeWebgpu(undefined)).toMatchObject({ available: false });
    expect(await probeWebgpu({ gpu: { requestAdapter: () => Promise.resolve(null) } }))
      .toEqual({ available: false, reason: 'the browser gave no WebGPU adapter (no usable GPU, or WebGPU is turned off)' });
    expect(await probeWebgpu({ gpu: { requestAdapter: () => Promise.reject(new Error('GPU process crashed\nstack')) } }))
      .toEqual({ available: false, reason: 'asking for a WebGPU adapter failed: GPU process crashed' });
  });
});

describe('runWithFallback', () => {
  // Sessions reduced to what runWithFallback touches: `body` stands for the task's run.
  interface Fake { readonly backend: 'wasm' | 'webgpu'; readonly note: string | null; readonly session: { release(): Promise<void> } }
  const session = (backend: 'wasm' | 'webgpu', note: string | null = null) => {
    const release = vi.fn(() => Promise.resolve());
    const s: Fake = { backend, note, session: { release } };
    return { s, release };
  };

  it('reruns on WASM, once, when WebGPU fails while running, and releases the WebGPU session', async () => {
    const gpu = session('webgpu');
    const cpu = session('wasm', 'WebGPU failed while running this model (no kernel); it ran on WASM instead');
    const toWasm = vi.fn((reason: string) => Promise.resolve(reason === 'no kernel for Foo' ? cpu.s : gpu.s));
    const body = vi.fn((b: Fake) => (b.backend === 'webgpu' ? Promise.reject(new Error('no kernel for Foo\nat …')) : Promise.resolve('Hello')));
    const out = await runWithFallback(gpu.s, body, toWasm);
    expect(out).toEqual({ result: 'Hello', session: cpu.s });
    expect(toWasm).toHaveBeenCalledOnce();
    expect(gpu.release).toHaveBeenCalledOnce();
  });

  it("passes the student's input errors and WASM failures straight through", async () => {
    const toWasm = vi.fn(() => Promise.resolve(session('wasm').s));
    await expect(runWithFallback(session('webgpu').s, () => Promise.reject(new RangeError('the image is 0×48')), toWasm)).rejects.toThrow('the image is 0×48');
    await expect(runWithFallback(session('wasm').s, () => Promise.reject(new Error('out of memory')), toWasm)).rejects.toThrow('out of memory');
    expect(toWasm).not.toHaveBeenCalled();
    const gpu = session('webgpu').s;
    expect(await runWithFallback(gpu, () => Promise.resolve(3), toWasm)).toEqual({ result: 3, session: gpu });
  });
});
