// A slide as plain HTML for the speaker view's "next slide" preview: its text, its cells' code as
// <pre>, figures by name. Static: the speaker view runs nothing.
import type { LessonPage } from '../notebook/lesson-page.ts';
import type { FlowEntry } from './slide-flow.ts';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function summarizeBlocks(entries: readonly FlowEntry[], page: LessonPage): string {
  return entries
    .map(({ item }) => {
      switch (item.kind) {
        case 'title':
          return `<h1>${escapeHtml(page.notebook.title)}</h1>`;
        case 'html':
          return item.html;
        case 'figure':
          return `<p><em>Figure: ${escapeHtml(item.name)}</em></p>`;
        case 'code': {
          const cell = page.notebook.cells.find((c) => c.id === item.cellId);
          return cell === undefined ? '' : `<pre><code>${escapeHtml(cell.source)}</code></pre>`;
        }
        default: {
          const never: never = item;
          return never;
        }
      }
    })
    .join('\n');
}
