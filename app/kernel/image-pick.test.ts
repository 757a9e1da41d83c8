// pickImage(): the kernel side (ImagePicks in the runtime), the page's shape check of the
// request (event-check.ts) and the client's handling (only the run in flight with its nonce;
// answers checked before they are posted; nothing sent once the run is over).
import { describe, expect, it } from 'vitest';
import { cellId, ms, runId } from '../shared/brand.ts';
import { BUILTIN_MODULES, BUILTIN_NAMES, LAZY_BUILTINS, createBuiltins } from './runtime/builtins.ts';
import { checkKernelEvent } from './client/event-check.ts';
import { checkPickAnswer, MAX_PICKED_BYTES, pickedFileProblem } from './pick-check.ts';
import { KernelClient } from './client/kernel-client.ts';
import type { ImagePickRequest } from './client/run-types.ts';
import { KernelRuntime } from './runtime/kernel-runtime.ts';
import type { KernelWorkerHandlers } from './client/worker-handle.ts';
import type { CellOutput, KernelEvent, KernelRequest } from './protocol.ts';

const png = (bytes = 100, name = 'cat.png'): File => new File([new Uint8Array(bytes)], name, { type: 'image/png' });

async function runtimeWithEvents() {
  const events: KernelEvent[] = [];
  const runtime = await KernelRuntime.create({
    post: (e) => events.push(e),
    createBuiltins,
    builtinNames: BUILTIN_NAMES,
    lazyBuiltins: LAZY_BUILTINS,
    builtinModules: BUILTIN_MODULES,
    baseUrl: 'http://localhost:5173/',
  });
  const outputsOf = (id: number): CellOutput[] => events.flatMap((e) => (e.type === 'outputs' && e.runId === id ? [...e.outputs] : []));
  const doneOf = (id: number) => events.find((e) => e.type === 'done' && e.runId === id);
  const pickOf = async (id: number) => {
    await expect.poll(() => events.some((e) => e.type === 'pick-image' && e.runId === id)).toBe(true);
    const e = events.find((x) => x.type === 'pick-image' && x.runId === id);
    if (e?.type !== 'pick-image') throw new Error('no pick-image');
    return e;
  };
  return { runtime, events, outputsOf, doneOf, pickOf };
}

describe('pickImage() in the kernel', () => {
  it('posts a pick-image event with the run id, cell, nonce and label, and resolves with the answered File', async () => {
    const k = await runtimeWithEvents();
    k.runtime.handle({
      type: 'run',
      runId: runId(1),
      cellId: cellId('c1'),
      code: 'const f = await pickImage("Your photo")\nprint(f.name, f.size, f.type)',
      nonce: 'secret1',
    });
    const pick = await k.pickOf(1);
    expect(pick).toEqual({ type: 'pick-image', runId: 1, cellId: 'c1', nonce: 'secret1', id: 1, label: 'Your photo' });
    k.runtime.handle({ type: 'pick-image-answer', answer: { id: 99, ok: true, file: png(5) } }); // not asked: ignored
    k.runtime.handle({ type: 'pick-image-answer', answer: { id: 1, ok: true, file: png(1234) } });
    await expect.poll(() => k.doneOf(1)).toMatchObject({ ok: true });
    expect(k.outputsOf(1)).toEqual([{ kind: 'text', stream: 'stdout', text: 'cat.png 1234 image/png' }]);
  });

  it("Cancel rejects with the page's message; a bad answer rejects with what was wrong; a default label", async () => {
    const k = await runtimeWithEvents();
    k.runtime.handle({ type: 'run', runId: runId(1), cellId: cellId('c1'), code: 'await pickImage()', nonce: 'n1' });
    expect((await k.pickOf(1)).label).toBe('Choose an image');
    k.runtime.handle({ type: 'pick-image-answer', answer: { id: 1, ok: false, message: 'pickImage(): no image was chosen (Cancel)' } });
    await expect.poll(() => k.doneOf(1)).toMatchObject({ ok: false });
    expect(k.outputsOf(1)).toMatchObject([{ kind: 'error', name: 'ImagePickError', message: 'pickImage(): no image was chosen (Cancel)' }]);
    k.runtime.handle({ type: 'run', runId: runId(2), cellId: cellId('c2'), code: 'await pickImage("x")', nonce: 'n2' });
    const second = await k.pickOf(2);
    k.runtime.handle({
      type: 'pick-image-answer',
      answer: { id: second.id, ok: true, file: new File([new Uint8Array(3)], 'notes.txt', { type: 'text/plain' }) },
    });
    await expect.poll(() => k.doneOf(2)).toMatchObject({ ok: false });
    expect(k.outputsOf(2)).toMatchObject([
      { kind: 'error', name: 'ImagePickError', message: 'pickImage(): the chosen file is text/plain, not an image' },
    ]);
  });

  it('a label that is not a string, and a call from a timer after its cell ended, are refused', async () => {
    const k = await runtimeWithEvents();
    k.runtime.handle({ type: 'run', runId: runId(1), cellId: cellId('c1'), code: 'await pickImage(42)', nonce: 'n1' });
    await expect.poll(() => k.doneOf(1)).toMatchObject({ ok: false });
    expect(k.outputsOf(1)).toMatchObject([
      { kind: 'error', name: 'TypeError', message: 'pickImage(label): the label is a string, got number' },
    ]);
    k.runtime.handle({
      type: 'run',
      runId: runId(2),
      cellId: cellId('c2'),
      code: 'const t = setTimeout(() => pickImage("late").catch((e) => print(e.name, e.message)), 5)',
      nonce: 'n2',
    });
    await expect.poll(() => k.outputsOf(2).length).toBe(1);
    expect(k.outputsOf(2)[0]).toMatchObject({
      kind: 'text',
      text: expect.stringMatching(/^ImagePickError pickImage\(\) waits for the student while its cell runs/),
    });
    expect(k.events.some((e) => e.type === 'pick-image')).toBe(false);
  });

  it('checkPickAnswer and pickedFileProblem', () => {
    expect(checkPickAnswer({ id: 1, ok: true, file: 'bytes' })).toEqual({ id: 1, ok: false, message: 'the page sent no file' });
    expect(checkPickAnswer({ id: '1', ok: true })).toBeNull();
    expect(checkPickAnswer(null)).toBeNull();
    expect(pickedFileProblem(new Blob([]))).toBe('the chosen file is empty');
    expect(pickedFileProblem({ size: MAX_PICKED_BYTES + 1, type: 'image/png' })).toBe('the answer carries no file');
    expect(pickedFileProblem(new File([new Uint8Array(MAX_PICKED_BYTES + 1)], 'big.png', { type: 'image/png' }))).toBe(
      'the chosen file is 67.1 MB; at most 64 MiB is accepted',
    );
    expect(pickedFileProblem(png())).toBeNull();
  });
});

describe('pick-image on the page', () => {
  it('event-check accepts the protocol shape only', () => {
    const ok = { type: 'pick-image', runId: 3, cellId: 'lesson/c1', nonce: 'n', id: 1, label: 'Photo' };
    expect(checkKernelEvent(ok)).toEqual(ok);
    expect(checkKernelEvent({ ...ok, label: 'x'.repeat(201) })).toBeNull();
    expect(checkKernelEvent({ ...ok, id: 0 })).toBeNull();
    expect(checkKernelEvent({ ...ok, nonce: undefined })).toBeNull();
    expect(checkKernelEvent({ ...ok, label: 7 })).toBeNull();
  });

  it("the client hands only the active run's request (with its nonce) to that run, checks the file, and sends nothing after the run ended", async () => {
    let handlers: KernelWorkerHandlers | null = null;
    const requests: KernelRequest[] = [];
    const client = new KernelClient({
      createWorker: (h) => ((handlers = h), { post: (r) => requests.push(r), terminate: () => undefined }),
    });
    const emit = (e: unknown): void => handlers?.onEvent(e);
    emit({ type: 'ready', builtins: [] });
    const asked: ImagePickRequest[] = [];
    const handle = client.run(cellId('c1'), 'await pickImage()', { callbacks: { onPickImage: (r) => asked.push(r) } });
    const run = requests.find((r) => r.type === 'run');
    if (run?.type !== 'run') throw new Error('no run sent');
    emit({ type: 'started', runId: run.runId, cellId: 'c1', nonce: run.nonce });
    emit({ type: 'pick-image', runId: run.runId, cellId: 'c1', nonce: 'forged', id: 1, label: 'x' });
    expect(asked).toEqual([]);
    emit({ type: 'pick-image', runId: run.runId, cellId: 'c1', nonce: run.nonce, id: 1, label: 'Photo' });
    expect(asked.map((r) => [r.id, r.label])).toEqual([[1, 'Photo']]);
    const request = asked[0]!;
    expect(request.choose(new File([new Uint8Array(4)], 'a.pdf', { type: 'application/pdf' }))).toBe(
      'the chosen file is application/pdf, not an image',
    );
    expect(requests.filter((r) => r.type === 'pick-image-answer')).toEqual([]);
    const file = png(10);
    expect(request.choose(file)).toBeNull();
    expect(requests.filter((r) => r.type === 'pick-image-answer')).toEqual([
      { type: 'pick-image-answer', answer: { id: 1, ok: true, file } },
    ]);
    expect(request.choose(file)).toBe('the cell is no longer waiting for an image');
    emit({ type: 'pick-image', runId: run.runId, cellId: 'c1', nonce: run.nonce, id: 2, label: 'Again' });
    emit({ type: 'done', runId: run.runId, cellId: 'c1', nonce: run.nonce, ok: true, duration: ms(1) });
    await handle.result;
    asked[1]!.cancel('too late');
    expect(requests.filter((r) => r.type === 'pick-image-answer')).toHaveLength(1);
    client.dispose();
  });

  it('a run without a picker (no onPickImage) is answered with a refusal at once', () => {
    let handlers: KernelWorkerHandlers | null = null;
    const requests: KernelRequest[] = [];
    const client = new KernelClient({
      createWorker: (h) => ((handlers = h), { post: (r) => requests.push(r), terminate: () => undefined }),
    });
    handlers!.onEvent({ type: 'ready', builtins: [] });
    client.run(cellId('c1'), 'await pickImage()');
    const run = requests.find((r) => r.type === 'run');
    if (run?.type !== 'run') throw new Error('no run sent');
    handlers!.onEvent({ type: 'pick-image', runId: run.runId, cellId: 'c1', nonce: run.nonce, id: 1, label: 'x' });
    expect(requests.at(-1)).toEqual({
      type: 'pick-image-answer',
      answer: { id: 1, ok: false, message: 'pickImage() needs the notebook page to show a picker; this run has none' },
    });
    client.dispose();
  });
});
