import { describe, expect, it } from 'vitest';
import type { CaptionModelInfo, CaptionModelSource, CaptionRow, CaptionTokenInfo } from './caption-protocol.ts';
import { HUB_VARIANTS, TINY_VARIANTS } from './caption-variants.ts';
import {
  captionReducer,
  DEFAULT_REPO,
  downloadStatus,
  durationText,
  initialCaptionState,
  partingText,
  partsAt,
  type CaptionAction,
  type CaptionState,
} from './caption-state.ts';

const tiny: CaptionModelInfo = {
  key: 'tiny-blip',
  name: 'Tiny',
  summary: 'BlipModel(tiny-blip)',
  footprint: 3761972,
  parameters: 940493,
  variants: TINY_VARIANTS,
};
const hubInfo: CaptionModelInfo = {
  key: 'test/micro-a',
  name: 'test/micro-a',
  summary: 'BlipForConditionalGeneration from test/micro-a',
  footprint: 1046076,
  parameters: 261391,
  variants: HUB_VARIANTS,
};
const hubSource: CaptionModelSource = {
  kind: 'hub',
  repo: 'test/micro-a',
  revision: 'main',
  endpoint: 'http://127.0.0.1:1',
  dtype: 'float32',
};
const apply = (...actions: CaptionAction[]): CaptionState => actions.reduce(captionReducer, initialCaptionState('https://huggingface.co'));
const tok = (id: number, text: string, probability = 0.5): CaptionTokenInfo => ({ id, text, probability });
const row = (model: string, variant: string): CaptionRow => ({
  model,
  variant,
  label: variant,
  caption: 'a',
  tokens: [],
  footprint: 1,
  ms: 1,
});

describe('captionReducer', () => {
  it('starts with the Hub form at transformers’ defaults', () => {
    expect(apply().form).toEqual({ repo: DEFAULT_REPO, revision: 'main', endpoint: 'https://huggingface.co', dtype: 'float32' });
    expect(apply({ type: 'form', form: { endpoint: 'http://school.example/hf', dtype: 'bfloat16' } }).form).toEqual({
      repo: 'Salesforce/blip-image-captioning-base',
      revision: 'main',
      endpoint: 'http://school.example/hf',
      dtype: 'bfloat16',
    });
  });

  it('joins loaded models to the table: every tiny variant ticked, a Hub checkpoint without fp16/int8 weights; float32 cannot be unticked', () => {
    const s = apply(
      { type: 'tiny-start' },
      { type: 'loaded', info: tiny, source: { kind: 'tiny' } },
      { type: 'hub-start', what: 'test/micro-a', now: 0 },
      { type: 'loaded', info: hubInfo, source: hubSource },
    );
    expect(s.tiny).toEqual({ status: 'done' });
    expect(s.hub).toEqual({ status: 'done', info: hubInfo });
    expect(s.models.map((m) => [m.info.key, m.selected])).toEqual([
      ['tiny-blip', ['fp32', 'bf16', 'fp16', 'int8', 'dynamic']],
      ['test/micro-a', ['fp32', 'bf16', 'bf16-act', 'dynamic']],
    ]);
    const t = captionReducer(captionReducer(s, { type: 'toggle-variant', model: 'test/micro-a', variant: 'fp32', on: false }), {
      type: 'toggle-variant',
      model: 'test/micro-a',
      variant: 'fp16',
      on: true,
    });
    // float32 stays, and fp16 takes its place in the model's order (not at the end).
    expect(t.models[1]?.selected).toEqual(['fp32', 'bf16', 'bf16-act', 'fp16', 'dynamic']);
    expect(captionReducer(t, { type: 'toggle-variant', model: 'test/micro-a', variant: 'bf16', on: false }).models[1]?.selected).toEqual([
      'fp32',
      'bf16-act',
      'fp16',
      'dynamic',
    ]);
  });

  it('loading the same model again replaces it, keeps its choices and drops its old rows', () => {
    let s = apply(
      { type: 'loaded', info: hubInfo, source: hubSource },
      { type: 'toggle-variant', model: 'test/micro-a', variant: 'dynamic', on: false },
    );
    s = captionReducer(s, { type: 'run-start' });
    s = captionReducer(s, { type: 'run-row', row: row('test/micro-a', 'fp32') });
    s = captionReducer(s, { type: 'run-done' });
    const again = captionReducer(s, {
      type: 'loaded',
      info: { ...hubInfo, footprint: 523294 },
      source: { ...hubSource, dtype: 'bfloat16' },
    });
    expect(again.models).toHaveLength(1);
    expect(again.models[0]?.info.footprint).toBe(523294);
    expect(again.models[0]?.selected).toEqual(['fp32', 'bf16', 'bf16-act']);
    expect(again.run.rows).toEqual([]);
  });

  it('tracks a download and, when the worker is stopped (Cancel), says why and forgets the models it held', () => {
    let s = apply({ type: 'loaded', info: tiny, source: { kind: 'tiny' } }, { type: 'hub-start', what: 'test/slow', now: 1000 });
    s = captionReducer(s, { type: 'hub-progress', label: 'Downloading', done: 2e6, total: 10e6, now: 3000 });
    expect(s.hub).toEqual({
      status: 'busy',
      what: 'test/slow',
      progress: { label: 'Downloading', done: 2e6, total: 10e6, startedAt: 1000, at: 3000 },
    });
    const stopped = captionReducer(s, { type: 'worker-restarted', message: 'Cancelled' });
    expect(stopped.hub).toEqual({ status: 'error', message: 'Cancelled' });
    expect(stopped.models).toEqual([]);
    expect(stopped.tiny).toEqual({ status: 'idle' });
    // A late progress event after the stop changes nothing.
    expect(captionReducer(stopped, { type: 'hub-progress', label: 'Downloading', done: 3e6, total: 10e6, now: 4000 })).toBe(stopped);
  });

  it('picks the first sample once samples arrive (not over the student’s own picture), and a run collects rows', () => {
    const s = apply({
      type: 'samples',
      samples: [
        { file: 'sample_00.png', caption: 'x' },
        { file: 'near_tie_00.png', caption: 'y' },
      ],
    });
    expect(s.picture).toEqual({ kind: 'sample', file: 'sample_00.png' });
    const own = captionReducer(
      captionReducer(s, { type: 'picture', picture: { kind: 'file', name: 'me.png', bytes: new ArrayBuffer(1) } }),
      { type: 'samples', samples: [{ file: 'z.png', caption: '' }] },
    );
    expect(own.picture?.kind).toBe('file');
    const run = [
      { type: 'run-start' } as const,
      { type: 'run-row', row: row('tiny-blip', 'fp32') } as const,
      { type: 'run-row', row: row('tiny-blip', 'bf16') } as const,
    ].reduce(captionReducer, own);
    expect(run.run).toEqual({ status: 'busy', rows: [row('tiny-blip', 'fp32'), row('tiny-blip', 'bf16')], error: null, picture: 'me.png' });
    expect(captionReducer(run, { type: 'run-error', message: 'boom' }).run.status).toBe('error');
  });
});

describe('downloadStatus', () => {
  it('gives MB done / total and the time left at the average rate so far', () => {
    // 100 MB in 4 s = 25 MB/s; 889.7 MB left = 35.6 s.
    const s = downloadStatus({ label: 'Downloading', done: 100e6, total: 989.7e6, startedAt: 10_000, at: 14_000 });
    expect(s.text).toBe('100.0 MB of 989.7 MB');
    expect(s.secondsLeft).toBeCloseTo(35.588, 3);
  });

  it('tells no time left before it can (no total, nothing yet, too early)', () => {
    expect(downloadStatus({ label: 'x', done: 5e6, total: null, startedAt: 0, at: 5000 })).toEqual({ text: '5.0 MB', secondsLeft: null });
    expect(downloadStatus({ label: 'x', done: 0, total: 10e6, startedAt: 0, at: 5000 }).secondsLeft).toBeNull();
    expect(downloadStatus({ label: 'x', done: 1e6, total: 10e6, startedAt: 0, at: 200 }).secondsLeft).toBeNull();
    expect(downloadStatus({ label: 'x', done: 10e6, total: 10e6, startedAt: 0, at: 2000 }).secondsLeft).toBe(0);
  });

  it('says durations as people read them', () => {
    expect([durationText(0.4), durationText(44.6), durationText(200), durationText(3900)]).toEqual([
      '0 s',
      '45 s',
      '3 min 20 s',
      '1 h 5 min',
    ]);
  });
});

describe('partsAt', () => {
  const fp32 = [tok(5, 'a'), tok(19, 'small', 0.52), tok(8, 'red'), tok(3, '[SEP]')];
  it('is null when every token id is the same', () => {
    expect(
      partsAt(
        fp32,
        fp32.map((t) => ({ ...t, probability: 0.9 })),
      ),
    ).toBeNull();
    expect(partingText(null)).toBe('same as float32');
  });
  it('names the first differing token with both sides’ probabilities', () => {
    const bf16 = [tok(5, 'a'), tok(17, 'large', 0.51), tok(8, 'red'), tok(3, '[SEP]')];
    const p = partsAt(fp32, bf16);
    expect(p).toEqual({ index: 1, reference: tok(19, 'small', 0.52), variant: tok(17, 'large', 0.51) });
    expect(partingText(p)).toBe('token 2: “small” 52.0% → “large” 51.0%');
  });
  it('a caption that ends early parts where the other goes on', () => {
    const p = partsAt(fp32, fp32.slice(0, 2));
    expect(p).toEqual({ index: 2, reference: tok(8, 'red'), variant: null });
    expect(partingText(p)).toBe('token 3: “red” 50.0% → (end)');
  });
});
