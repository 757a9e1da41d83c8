import { describe, expect, it } from 'vitest';
import { checkKernelEvent } from './event-check.ts';
import { checkOutput, isSafeImageSrc } from './output-check.ts';

const run = { runId: 3, cellId: 'c1', nonce: 'abc' };

describe('checkKernelEvent (page side)', () => {
  it('accepts the protocol messages, copying only known fields', () => {
    expect(checkKernelEvent({ type: 'ready', builtins: ['print'], extra: 1 })).toEqual({ type: 'ready', builtins: ['print'] });
    expect(checkKernelEvent({ type: 'done', ...run, ok: true, duration: 5 })).toEqual({ type: 'done', ...run, ok: true, duration: 5 });
    expect(checkKernelEvent({ type: 'started', ...run })).toEqual({ type: 'started', ...run });
    expect(checkKernelEvent({ type: 'closed' })).toEqual({ type: 'closed' });
  });

  it.each([
    ['not an object', 'done'],
    ['unknown type', { type: 'cache', call: { id: 1, op: 'keys', cache: 'workbox-precache-v2' } }],
    ['done without a nonce', { type: 'done', runId: 3, cellId: 'c1', ok: true, duration: 1 }],
    ['done with a string run id', { type: 'done', ...run, runId: '3', ok: true, duration: 1 }],
    ['done with a negative duration', { type: 'done', ...run, ok: true, duration: -1 }],
    ['done with ok as a string', { type: 'done', ...run, ok: 'yes', duration: 1 }],
    ['outputs that are not a list', { type: 'outputs', ...run, outputs: 'x' }],
    ['ready with non-string names', { type: 'ready', builtins: [1] }],
    ['a huge nonce', { type: 'started', ...run, nonce: 'n'.repeat(1000) }],
  ])('drops %s', (_what, data) => {
    expect(checkKernelEvent(data)).toBeNull();
  });

  it('replaces each bad output of a batch by a notice, keeping the good ones', () => {
    const event = checkKernelEvent({
      type: 'outputs',
      ...run,
      outputs: [
        { kind: 'text', stream: 'stdout', text: 'ok', onclick: 'x' },
        { kind: 'image', src: 'javascript:alert(1)', alt: 'x' },
        { kind: 'html', html: '<script>1</script>' },
      ],
    });
    expect(event).toEqual({
      type: 'outputs',
      ...run,
      outputs: [
        { kind: 'text', stream: 'stdout', text: 'ok' },
        { kind: 'notice', text: 'An output was not shown: an image whose source is not a data: URL of an image type.' },
        { kind: 'notice', text: 'An output was not shown: unknown output kind "html".' },
      ],
    });
  });
});

describe('checkOutput (page side)', () => {
  it.each([
    ['data:image/png;base64,iVBORw0KGgo=', true],
    ['data:image/jpeg;base64,/9j/', true],
    ['data:image/svg+xml;base64,PHN2Zz4=', true],
    ['DATA:IMAGE/PNG;BASE64,AA==', true],
    ['javascript:alert(1)', false],
    ['http://tracker.example/pixel.png', false],
    ['https://localhost/a.png', false],
    ['//tracker.example/p.png', false],
    ['blob:http://127.0.0.1:5173/1234', false],
    ['data:text/html;base64,PHNjcmlwdD4=', false],
    [' data:image/png;base64,AA==', false],
  ])('image src %s → %s', (src, ok) => {
    expect(isSafeImageSrc(src)).toBe(ok);
  });

  it('refuses outputs over the size limits and of the wrong shape', () => {
    expect(checkOutput({ kind: 'result', text: 'x'.repeat(2_000_000) })).toEqual({
      kind: 'notice',
      text: 'An output was not shown: a result of the wrong shape or over the size limit.',
    });
    expect(checkOutput({ kind: 'text', stream: 'stdin', text: 'x' })).toMatchObject({ kind: 'notice' });
    expect(checkOutput({ kind: 'error', name: 'E', message: 'm', line: -1 })).toMatchObject({ kind: 'notice' });
    expect(checkOutput({ kind: 'table', columns: ['a'], rows: [['1', '2']] })).toMatchObject({ kind: 'notice' });
    expect(checkOutput({ kind: 'svg', html: '<svg/>', alt: 'f', data: { columns: ['a'], rows: [['1']] } })).toMatchObject({
      kind: 'notice',
    });
    expect(checkOutput(null)).toEqual({ kind: 'notice', text: 'An output was not shown: it is not an output object.' });
  });

  it('keeps good outputs as clean copies', () => {
    expect(checkOutput({ kind: 'table', columns: ['a', 'b'], rows: [['1', '2'], ['3']] })).toEqual({
      kind: 'table',
      columns: ['a', 'b'],
      rows: [['1', '2'], ['3']],
    });
    expect(checkOutput({ kind: 'error', name: 'TypeError', message: 'm', line: 2, column: 4, stack: 'x' })).toEqual({
      kind: 'error',
      name: 'TypeError',
      message: 'm',
      line: 2,
      column: 4,
    });
    expect(checkOutput({ kind: 'image', src: 'data:image/png;base64,AA==', alt: 'a', width: 2, height: 3 })).toEqual({
      kind: 'image',
      src: 'data:image/png;base64,AA==',
      alt: 'a',
      width: 2,
      height: 3,
    });
    expect(checkOutput({ kind: 'svg', html: '<svg/>', alt: 'f', data: { columns: ['a'], rows: [['1']], total: 9 } })).toEqual({
      kind: 'svg',
      html: '<svg/>',
      alt: 'f',
      data: { columns: ['a'], rows: [['1']], total: 9 },
    });
  });
});
