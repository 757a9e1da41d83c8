import { describe, expect, it } from 'vitest';
import { OutputSink } from './output-sink.ts';
import { DEFAULT_LIMITS } from '../output-limits.ts';
import type { CellOutput } from '../protocol.ts';

function recordingSink(limits = {}) {
  const batches: CellOutput[][] = [];
  const sink = new OutputSink((outputs) => batches.push(outputs), { ...DEFAULT_LIMITS, ...limits });
  return { sink, batches, all: () => batches.flat() };
}

describe('OutputSink', () => {
  it('keeps the order of outputs that take time to make', async () => {
    const { sink, all } = recordingSink({ flushIntervalMs: 0 });
    let finish!: (output: CellOutput) => void;
    sink.text('stdout', 'before');
    sink.addLater(new Promise((resolve) => (finish = resolve)));
    sink.text('stdout', 'after');
    expect(all()).toEqual([{ kind: 'text', stream: 'stdout', text: 'before' }]);
    finish({ kind: 'image', src: 'data:image/png;base64,', alt: 'Image' });
    await sink.settle();
    expect(all().map((o) => o.kind)).toEqual(['text', 'image', 'text']);
  });

  it('turns a failed rich output into an error output in its place', async () => {
    const { sink, all } = recordingSink();
    sink.addLater(Promise.reject(new Error('encode failed')));
    sink.text('stdout', 'next');
    await sink.settle();
    expect(all()).toEqual([
      { kind: 'error', name: 'DisplayError', message: 'encode failed' },
      { kind: 'text', stream: 'stdout', text: 'next' },
    ]);
  });

  it('batches: posts when the batch is full or the interval passed, not per output', async () => {
    const { sink, batches } = recordingSink({ maxBatch: 100, flushIntervalMs: 10_000 });
    for (let i = 0; i < 250; i++) sink.text('stdout', String(i));
    expect(batches.map((b) => b.length)).toEqual([100, 100]);
    await sink.settle();
    expect(batches.map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('does not count results, errors or rich outputs against the text limit', async () => {
    const { sink, all } = recordingSink({ maxLines: 1 });
    sink.text('stdout', 'one');
    sink.add({ kind: 'result', text: 'value' });
    sink.text('stderr', 'two');
    sink.add({ kind: 'error', name: 'Error', message: 'shown' });
    await sink.settle();
    expect(all().map((o) => o.kind)).toEqual(['text', 'result', 'notice', 'error']);
    expect(sink.truncated).toBe(true);
  });
});
