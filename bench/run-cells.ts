// Runs a generated lesson in the app (as a student's Run all would) and
// returns each cell's printed text: benchmarks measure through the product.
import type { Page } from '@playwright/test';

export const KEEP_NAMES_SHIM = { content: 'globalThis.__name = (f) => f;' };

export async function runCellsInApp(page: Page, url: string, cells: readonly string[], timeoutMs = 600_000): Promise<string[]> {
  await page.addInitScript(KEEP_NAMES_SHIM);
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('qlab:kernel-ready').length > 0);
  const lesson = ['---', 'title: Bench', '---', '', ...cells.map((c) => `\`\`\`ts\n${c}\n\`\`\`\n`)].join('\n');
  return page.evaluate(
    async ([text, timeout]) => {
      const q = window.__qlab!;
      q.openLessonText(text, 'bench/generated.md');
      await new Promise((r) => setTimeout(r, 300));
      q.store.getState().runAll();
      const done = () =>
        Object.values(q.store.getState().cells).every((c) => c.status === 'ok' || c.status === 'error' || c.status === 'cancelled');
      const t0 = performance.now();
      while (!done()) {
        if (performance.now() - t0 > timeout) throw new Error('bench cells timed out');
        await new Promise((r) => setTimeout(r, 50));
      }
      const lines = (outputs: readonly { kind: string; text?: string; name?: string; message?: string }[]) =>
        outputs.map((o) => (o.kind === 'error' ? `${o.name}: ${o.message}` : (o.text ?? ''))).join('\n');
      return q.store.getState().lesson!.cells.map((c) => lines(q.store.getState().cells[c.id]?.outputs ?? []));
    },
    [lesson, timeoutMs] as const,
  );
}
