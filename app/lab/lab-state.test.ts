import { describe, expect, it } from 'vitest';
import { initialLabState, labReducer, type LabAction, type LabState } from './lab-state.ts';
import type { ModelInfo, VariantOutcome } from './protocol.ts';

const info: ModelInfo = {
  id: 'm',
  name: 'M',
  fileSize: 100,
  footprint: { totalBytes: 80, byDtype: [] },
  parameterCount: 20,
  nodeCount: 3,
  opsets: ['ai.onnx 13'],
  operators: [],
  inputs: [],
  outputs: [],
  notRunnable: null,
  recommended: {},
  weights: [
    { name: 'bias', shape: [4], dtype: 'float32', ops: ['Add'] },
    { name: 'conv.w', shape: [4, 3, 3, 3], dtype: 'float32', ops: ['Conv'] },
  ],
};
const report = (key: string): VariantOutcome => ({
  key,
  label: key,
  fileSize: 1,
  footprint: { totalBytes: 1, byDtype: [] },
  loadMs: 1,
  backend: 'wasm',
  backendNote: null,
  input: null,
  samples: null,
});
const apply = (...actions: LabAction[]): LabState => actions.reduce(labReducer, initialLabState('m'));

describe('labReducer', () => {
  it('always keeps fp32 selected and toggles the others', () => {
    const s = apply(
      { type: 'toggle-variant', key: 'fp32', on: false },
      { type: 'toggle-variant', key: 'bfloat16', on: true },
      { type: 'toggle-variant', key: 'float16', on: false },
    );
    expect(s.selected).toContain('fp32');
    expect(s.selected).toContain('bfloat16');
    expect(s.selected).not.toContain('float16');
  });

  it('loads a model and picks a matrix weight for the histogram', () => {
    const s = apply({ type: 'load-start' }, { type: 'load-progress', progress: { label: 'Downloading', done: 5, total: 10 } });
    expect(s.model).toEqual({ status: 'busy', progress: { label: 'Downloading', done: 5, total: 10 } });
    const done = labReducer(s, { type: 'load-done', info });
    expect(done.model.status).toBe('done');
    expect(done.histogram.tensor).toBe('conv.w');
  });

  it('adds custom layers once (the latest format wins) and selects the custom mix', () => {
    const s = apply(
      { type: 'custom-add', layer: ' conv.w ', format: 'fp32' },
      { type: 'custom-add', layer: 'conv.w', format: 'float16' },
      { type: 'custom-add', layer: '  ', format: 'fp32' },
    );
    expect(s.custom.layers).toEqual([{ layer: 'conv.w', format: 'float16' }]);
    expect(s.selected).toContain('custom');
    expect(labReducer(s, { type: 'custom-remove', index: 0 }).custom.layers).toEqual([]);
    expect(labReducer(s, { type: 'custom-set', index: 0, format: 'dynamic' }).custom.layers[0]?.format).toBe('dynamic');
  });

  it('collects variant outcomes during a run and ignores them after it ended', () => {
    let s = apply(
      { type: 'run-start', input: 'text' },
      { type: 'run-variant', outcome: report('fp32') },
      { type: 'run-variant', outcome: report('float16') },
    );
    expect(s.run.outcomes.map((o) => o.key)).toEqual(['fp32', 'float16']);
    s = labReducer(s, { type: 'run-done' });
    expect(s.run.status).toBe('done');
    expect(labReducer(s, { type: 'run-variant', outcome: report('late') }).run.outcomes).toHaveLength(2);
  });

  it('turns busy tasks into errors when the worker restarts, keeping finished results', () => {
    let s = apply(
      { type: 'load-start' },
      { type: 'load-done', info },
      { type: 'run-start', input: 'x' },
      { type: 'run-variant', outcome: report('fp32') },
      { type: 'histogram-start' },
    );
    s = labReducer(s, { type: 'worker-restarted', message: 'Cancelled' });
    expect(s.model.status).toBe('done');
    expect(s.run).toMatchObject({ status: 'error', error: 'Cancelled' });
    expect(s.run.outcomes).toHaveLength(1);
    expect(s.histogram.task).toEqual({ status: 'error', message: 'Cancelled' });
    expect(s.notice).toBe('Cancelled');
  });

  it('refuses run counts outside 1–100 and clears results when another model is picked', () => {
    expect(apply({ type: 'repeats', value: 0 }).repeats).toBe(5);
    expect(apply({ type: 'repeats', value: 10 }).repeats).toBe(10);
    const s = apply(
      { type: 'run-start', input: 'x' },
      { type: 'run-variant', outcome: report('fp32') },
      { type: 'run-done' },
      { type: 'pick-model', id: 'other' },
    );
    expect(s.run.outcomes).toEqual([]);
    expect(s.modelId).toBe('other');
  });

  it('lets WebGPU be chosen only when the worker has an adapter, and drops that choice when it has none', () => {
    const gpu = apply(
      { type: 'webgpu-status', status: { available: true, adapter: 'google swiftshader' } },
      { type: 'backend', choice: 'webgpu' },
    );
    expect(gpu.backend).toBe('webgpu');
    const lost = labReducer(gpu, { type: 'webgpu-status', status: { available: false, reason: 'no adapter' } });
    expect(lost.backend).toBe('auto');
    expect(labReducer(lost, { type: 'backend', choice: 'webgpu' }).backend).toBe('auto');
    expect(labReducer(lost, { type: 'backend', choice: 'wasm' }).backend).toBe('wasm');
  });

  it('a new worker (the effect ran again) forgets the model and results of the old one, and keeps the choices', () => {
    const loaded = apply(
      { type: 'toggle-variant', key: 'bfloat16', on: true },
      { type: 'repeats', value: 10 },
      { type: 'webgpu-status', status: { available: true, adapter: 'google swiftshader' } },
      { type: 'load-start' },
      { type: 'load-done', info },
      { type: 'run-start', input: 'x' },
      { type: 'run-variant', outcome: report('fp32') },
    );
    const s = labReducer(loaded, { type: 'worker-started' });
    expect(s.model).toEqual({ status: 'idle' });
    expect(s.run).toEqual(initialLabState('m').run);
    expect(s.webgpu).toBeNull();
    expect(s.selected).toEqual(loaded.selected);
    expect(s.repeats).toBe(10);
    // A load that the old worker never finished is not left spinning.
    expect(labReducer(apply({ type: 'load-start' }), { type: 'worker-started' }).model).toEqual({ status: 'idle' });
  });
});
