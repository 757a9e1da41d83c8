// Outputs restored from an earlier visit (app/notebook/output-sync.ts) are
// exported as the cells' outputs, with the number they had: Jupyter, too,
// writes a notebook's saved outputs and execution counts.
import { describe, expect, it } from 'vitest';
import type { CellOutput } from '../kernel/protocol.ts';
import { parseLesson, renderMarkdown } from '../lesson/index.ts';
import { buildLessonPage } from '../notebook/build-lesson-page.ts';
import { KeyValueEditBackend } from '../notebook/edit-backend.ts';
import { FakeKernel } from '../notebook/fake-kernel.ts';
import { KeyValueOutputBackend } from '../notebook/output-backend.ts';
import { MemoryStorage } from '../notebook/persistence.ts';
import { createNotebookStore } from '../notebook/store.ts';
import { toHtml } from './html.ts';
import { toIpynb, type IpynbCell } from './ipynb.ts';
import { toLessonMarkdown } from './lesson-markdown.ts';
import { ipynbErrors } from './validate-ipynb.ts';

const text = `---
title: Kept
---

Three cells.

\`\`\`ts
print("hello")
\`\`\`

\`\`\`ts
display(pic)
\`\`\`

\`\`\`ts
boom()
\`\`\`
`;
const PATH = 'lessons/kept.md';
const built = buildLessonPage(text, PATH);
const parsed = parseLesson(text, PATH);
if (!parsed.ok || !built.ok) throw new Error('fixture lesson does not parse');
const lesson = parsed.lesson;
const page = built.page;
const notebook = page.notebook;
const c1 = notebook.cells[0]!.id;
const deps = { sanitize: (s: string): string => s, renderMarkdown: (s: string): string => renderMarkdown(s) };
const png: CellOutput = { kind: 'image', src: 'data:image/png;base64,iVBORw0KGgo=', width: 2, height: 2, alt: 'Image, 2×2' };
const figure: CellOutput = { kind: 'svg', html: '<svg viewBox="0 0 1 1"><circle r="1"/></svg>', alt: 'A figure' };

async function restoredStore() {
  const storage = new MemoryStorage();
  const make = (kernel: FakeKernel) =>
    createNotebookStore({ kernel, storage, edits: new KeyValueEditBackend(storage), outputs: new KeyValueOutputBackend(storage) });
  const kernel = new FakeKernel();
  const live = make(kernel);
  await live.getState().openLesson(notebook);
  live.getState().runAll();
  kernel.complete(0, [{ kind: 'text', text: 'hello', stream: 'stdout' }]);
  kernel.complete(1, [png, figure]);
  kernel.complete(2, [{ kind: 'error', name: 'ReferenceError', message: 'boom is not defined', line: 1, column: 1 }], false);
  live.getState().flush();
  await live.getState().settled();
  const reloaded = make(new FakeKernel());
  await reloaded.getState().openLesson(notebook);
  return reloaded.getState();
}

const code = (cells: readonly IpynbCell[]) => cells.filter((c): c is Extract<IpynbCell, { cell_type: 'code' }> => c.cell_type === 'code');

describe('exports of restored outputs', () => {
  it('.ipynb: stream, display_data (image/png base64, image/svg+xml), error with ename/evalue/traceback, and execution_count', async () => {
    const state = await restoredStore();
    expect(state.cells[c1]?.fromEarlierSession).toBe(true);
    const nb = toIpynb(lesson, state, deps);
    expect(ipynbErrors(nb)).toEqual([]);
    const [one, two, three] = code(nb.cells);
    expect(one?.execution_count).toBe(1);
    expect(one?.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: ['hello\n'] }]);
    expect(two?.execution_count).toBe(2);
    expect(two?.outputs).toEqual([
      {
        output_type: 'display_data',
        data: { 'image/png': 'iVBORw0KGgo=', 'text/plain': ['Image, 2×2'] },
        metadata: { 'image/png': { width: 2, height: 2 } },
      },
      {
        output_type: 'display_data',
        data: { 'image/svg+xml': ['<svg viewBox="0 0 1 1"><circle r="1"/></svg>'], 'text/plain': ['A figure'] },
        metadata: {},
      },
    ]);
    expect(three?.execution_count).toBe(3);
    expect(three?.outputs).toEqual([
      { output_type: 'error', ename: 'ReferenceError', evalue: 'boom is not defined', traceback: ['ReferenceError: boom is not defined'] },
    ]);
  });

  it('lesson Markdown writes the restored printed text as output fences; HTML shows the outputs with their [n]', async () => {
    const state = await restoredStore();
    const md = toLessonMarkdown(lesson, state);
    expect(md).toContain('```ts\nprint("hello")\n```\n```output\nhello\n```');
    expect(md).toContain('```output\nReferenceError: boom is not defined\n```');
    const html = toHtml(page, state, deps, new Date(0));
    expect(html).toContain('<div class="prompt" aria-hidden="true">[2]</div>');
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo="');
    expect(html).toContain('boom is not defined');
  });
});
