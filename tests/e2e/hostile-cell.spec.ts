// A hostile cell, and a kernel whose code a cell has subverted: nothing they
// send may change the app's origin (precache, model cache, the page served),
// end a run early, or put unchecked output on the page (app/kernel/CONTEXT.md
// "Threat model"). The cell's own attempts run as cell code; a kernel that
// lost control is played from the page's side of the kernel port (an init
// script records that port's listener), which is stronger than any cell.
import { expect, test, type Page } from '@playwright/test';
import { cell, lessonOf, openLesson, output, outputText, runCell } from './helpers.ts';

declare global {
  interface Window {
    /** Delivers `data` to the page as if the kernel worker had posted it. */
    __forge?: (data: unknown) => void;
    /** Runs the page sent, with their nonces; model-file answers the page sent. */
    __runs?: unknown[];
    __answers?: unknown[];
  }
}

/** Records the page's kernel port (the one that sends `run`) and its message listeners. */
async function tapKernelPort(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const listeners = new Map<MessagePort, EventListenerOrEventListenerObject[]>();
    const add = MessagePort.prototype.addEventListener;
    MessagePort.prototype.addEventListener = function (
      this: MessagePort,
      type: string,
      fn: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      if (fn === null) return;
      if (type === 'message') listeners.set(this, [...(listeners.get(this) ?? []), fn]);
      add.call(this, type, fn, options);
    };
    const post = MessagePort.prototype.postMessage;
    const kernelPorts: MessagePort[] = [];
    window.__runs = [];
    window.__answers = [];
    MessagePort.prototype.postMessage = function (
      this: MessagePort,
      message: unknown,
      transfer?: Transferable[] | StructuredSerializeOptions,
    ) {
      if (typeof message === 'object' && message !== null && 'type' in message) {
        if (message.type === 'run') {
          kernelPorts.push(this);
          window.__runs?.push(message);
        }
        if (message.type === 'model-files-answer' && 'answer' in message) window.__answers?.push(message.answer);
      }
      Reflect.apply(post, this, [message, transfer]);
    };
    window.__forge = (data) => {
      const port = kernelPorts.at(-1);
      for (const fn of (port === undefined ? [] : listeners.get(port)) ?? []) {
        const event = new MessageEvent('message', { data });
        if (typeof fn === 'function') fn(event);
        else fn.handleEvent(event);
      }
    };
  });
}

/** Every cache of the origin: names, keys, and the precached index.html. */
async function originCaches(page: Page): Promise<{ names: string[]; keys: string[]; index: string | null }> {
  return page.evaluate(async () => {
    const names = (await caches.keys()).sort();
    const keys: string[] = [];
    let index: string | null = null;
    for (const name of names) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        keys.push(`${name} ${request.url}`);
        if (new URL(request.url).pathname === '/index.html') index = await (await cache.match(request))!.text();
      }
    }
    return { names, keys: keys.sort(), index };
  });
}

const isRun = (value: unknown): value is { runId: number; cellId: string; nonce: string } =>
  typeof value === 'object' &&
  value !== null &&
  'runId' in value &&
  typeof value.runId === 'number' &&
  'cellId' in value &&
  typeof value.cellId === 'string' &&
  'nonce' in value &&
  typeof value.nonce === 'string';

const PORT_GRAB = [
  '// Try every way to the kernel port a cell could think of.',
  'const grabbed = new Set()',
  'const post = MessagePort.prototype.postMessage',
  'MessagePort.prototype.postMessage = function (...a) { grabbed.add(this); return post.apply(this, a) }',
  'const data = Object.getOwnPropertyDescriptor(MessageEvent.prototype, "data")',
  'Object.defineProperty(MessageEvent.prototype, "data", { get() { grabbed.add(this.currentTarget); return data.get.call(this) }, configurable: true })',
  'const call = Function.prototype.call',
  'Function.prototype.call = function (self, ...a) { if (self instanceof MessagePort) grabbed.add(self); return Reflect.apply(this, self, a) }',
  'let frozen = "no"',
  'try { Object.defineProperty(Promise.prototype, "constructor", { get() { return Object } }) } catch (e) { frozen = e.name }',
  'print("probe")',
  'await sleep(50)',
  'MessagePort.prototype.postMessage = post',
  'Object.defineProperty(MessageEvent.prototype, "data", data)',
  'Function.prototype.call = call',
  'print(`ports captured: ${grabbed.size}; Promise: ${frozen}`)',
].join('\n');

test('a cell cannot reach the kernel port, and forged model-file calls cannot touch the precache, the model cache or the page', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL ?? 'http://localhost').origin;
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await tapKernelPort(page);
  await page.goto('/?lesson=00-welcome');
  await expect(page.getByTestId('offline-status')).toHaveAttribute('data-state', 'ready', { timeout: 30_000 });
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  await openLesson(page, lessonOf(PORT_GRAB));
  await runCell(page, 1);
  expect(await outputText(page, 1)).toBe('probe\nports captured: 0; Promise: TypeError');

  const before = await originCaches(page);
  expect(before.index).toContain('<title>Quantization Lab</title>');
  const evil = '<!doctype html><title>EVIL</title><script>document.title = "EVIL"</script>';
  const precache = before.names.find((n) => n.startsWith('workbox-precache')) ?? 'workbox-precache-v2';
  const forged: unknown[] = [
    // The attack of issue 12, as it was: name the precache, list it, put a page of its own.
    { type: 'cache', call: { id: 1, op: 'keys', cache: precache } },
    { type: 'model-files', call: { id: 2, op: 'keys', cache: precache } },
    {
      type: 'model-files',
      call: {
        id: 3,
        op: 'put',
        cache: precache,
        url: `${origin}/index.html?__WB_REVISION__=1`,
        response: { status: 200, headers: [['Content-Type', 'text/html']], body: new Blob([evil]) },
      },
    },
    {
      type: 'model-files',
      call: {
        id: 4,
        op: 'put',
        cache: 'qlab-models-v1',
        url: `${origin}/evil.html`,
        response: { status: 200, headers: [], body: new Blob([evil]) },
      },
    },
    // The new calls, aimed at app files or with extra fields.
    { type: 'model-files', call: { id: 5, op: 'download', url: `${origin}/index.html?__WB_REVISION__=1` } },
    { type: 'model-files', call: { id: 6, op: 'download', url: `${origin}/evil.html` } },
    { type: 'model-files', call: { id: 7, op: 'download', url: `${origin}/sw.js` } },
    { type: 'model-files', call: { id: 8, op: 'download', url: `${origin}/models/ppocr-rec/manifest.json` } },
    { type: 'model-files', call: { id: 9, op: 'read', url: `${origin}/index.html`, cache: precache } },
    { type: 'model-files', call: { id: 10, op: 'download', url: 'javascript:alert(1)' } },
    { type: 'model-files', call: { id: 11, op: 'download', url: 'data:text/html,<script>1</script>' } },
  ];
  await page.evaluate((messages) => {
    for (const m of messages) window.__forge?.(m);
  }, forged);
  await expect.poll(() => page.evaluate(() => window.__answers?.length ?? 0)).toBe(10);
  await page.waitForTimeout(500);
  const answers = await page.evaluate(() => window.__answers ?? []);
  // Call 1 is not even a protocol message (dropped); every other call is refused by name.
  expect(answers).toHaveLength(10);
  for (const answer of answers)
    expect(answer).toMatchObject({ ok: false, name: 'ModelCallRefused', message: expect.stringMatching(/^Refused by the page: /) });
  expect(answers.map((a) => (a as { id: number }).id).sort((x, y) => x - y)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  // Call 8 is refused because the service worker precaches it (an app file), not by its name.
  expect(answers.find((a) => (a as { id: number }).id === 8)).toMatchObject({
    message: expect.stringContaining("is one of the app's own files"),
  });

  const after = await originCaches(page);
  expect(after).toEqual(before);
  expect(after.names).not.toContain('qlab-models-v1');
  expect(requests.filter((u) => u.includes('evil') || u.includes('__WB_REVISION__=1'))).toEqual([]);
  await page.reload();
  await page.waitForFunction(() => window.__qlab !== undefined);
  await expect(page).toHaveTitle(/· Quantization Lab$/);
  await expect(page.getByRole('region', { name: 'Cell 1', exact: true })).toBeVisible();
  expect(await page.evaluate(async () => (await fetch('/index.html?__WB_REVISION__=1')).text())).not.toContain('EVIL');
});

test.describe('forged and subverted protocol messages', () => {
  test.use({ serviceWorkers: 'block' });

  test('a forged done leaves the cell running until its real end; forged or subverted images are not shown and not fetched', async ({
    page,
    context,
  }) => {
    test.setTimeout(90_000);
    const outside: string[] = [];
    await context.route('http://tracker.example/**', (route) => {
      outside.push(route.request().url());
      return route.abort();
    });
    await tapKernelPort(page);
    // Cell 2 subverts the kernel's own code (Array.prototype.push in the output sink) to turn its print into an image.
    const subvert = [
      'const push = Array.prototype.push',
      'Array.prototype.push = function (...items) {',
      '  for (const item of items) if (item && Array.isArray(item.outputs) && item.outputs[0]?.text === "bait") item.outputs = [{ kind: "image", src: "http://tracker.example/pixel.png", alt: "t" }, { kind: "image", src: "javascript:alert(1)", alt: "j" }]',
      '  return Reflect.apply(push, this, items)',
      '}',
      'print("bait")',
      'await sleep(100)',
      'Array.prototype.push = push',
    ].join('\n');
    await openLesson(page, lessonOf('print("start")\nawait sleep(2500)\nprint("real end")', subvert));
    await cell(page, 1).getByRole('button', { name: 'Run cell', exact: true }).click();
    await expect(cell(page, 1)).toHaveAttribute('data-status', 'running');
    await expect.poll(() => outputText(page, 1)).toBe('start');
    const run = await page.evaluate(() => window.__runs?.at(-1));
    if (!isRun(run)) throw new Error(`not a run request: ${JSON.stringify(run)}`);
    const image = (src: string) => ({ kind: 'image', src, alt: 'forged' });
    await page.evaluate(({ runId, cellId, nonce }) => {
      const forge = window.__forge!;
      // Guessed, missing and stolen-shape nonces; a done for another run; outputs with remote and javascript: images.
      forge({ type: 'done', runId, cellId, nonce: 'guess', ok: true, duration: 1 });
      forge({ type: 'done', runId, cellId, ok: true, duration: 1 });
      forge({ type: 'done', runId: runId + 1, cellId, nonce, ok: true, duration: 1 });
      forge({
        type: 'outputs',
        runId,
        cellId,
        nonce: 'guess',
        outputs: [{ kind: 'image', src: 'http://tracker.example/a.png', alt: 'x' }],
      });
      forge({ type: 'outputs', runId, cellId, outputs: [{ kind: 'text', stream: 'stdout', text: 'forged text' }] });
      forge({ type: 'ready', builtins: [] });
    }, run);
    // A kernel that lost control to the cell (it holds the real nonce): its images are checked all the same.
    await page.evaluate(
      ({ run: { runId, cellId, nonce }, outputs }) => window.__forge!({ type: 'outputs', runId, cellId, nonce, outputs }),
      {
        run,
        outputs: [
          image('http://tracker.example/b.png'),
          image('javascript:alert(1)'),
          image('data:text/html,<script>1</script>'),
          { kind: 'mystery', html: '<img src=x>' },
        ],
      },
    );
    await page.waitForTimeout(500);
    await expect(cell(page, 1)).toHaveAttribute('data-status', 'running');
    await expect(cell(page, 1)).toHaveAttribute('data-status', 'ok', { timeout: 10_000 });
    expect(await outputText(page, 1)).toBe('start\nreal end');
    const notices = output(page, 1).locator('.out-notice');
    await expect(notices).toHaveText([
      'An output was not shown: an image whose source is not a data: URL of an image type.',
      'An output was not shown: an image whose source is not a data: URL of an image type.',
      'An output was not shown: an image whose source is not a data: URL of an image type.',
      'An output was not shown: unknown output kind "mystery".',
    ]);
    await runCell(page, 2);
    await expect(output(page, 2).locator('.out-notice')).toHaveText([
      'An output was not shown: an image whose source is not a data: URL of an image type.',
      'An output was not shown: an image whose source is not a data: URL of an image type.',
    ]);
    expect(await page.locator('.cell-output img').count()).toBe(0);
    expect(outside).toEqual([]);
  });
});
