import 'katex/dist/katex.min.css';
import './ui/styles.css';
import './ui/theme.css';
import './ui/commands/commands.css';
import './export/print.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { renderMarkdown } from './lesson/render.ts';
import { buildCatalog, startLesson } from './notebook/catalog.ts';
import { buildLessonPage, summarizeLesson } from './notebook/build-lesson-page.ts';
import { cachedBuild } from './notebook/build-cache.ts';
import { createKernelPort } from './notebook/kernel-adapter.ts';
import { KernelClient } from './kernel/client/kernel-client.ts';
import { createPageKernelWorkers } from './kernel/frame/kernel-process.ts';
import { createNotebookStore } from './notebook/store.ts';
import { MemoryStorage, type KeyValueStorage } from './notebook/persistence.ts';
import { KeyValueEditBackend, LayeredEditBackend } from './notebook/edit-backend.ts';
import { askPersistentStorage, IndexedDbEditBackend } from './notebook/idb-edit-backend.ts';
import { IndexedDbOutputBackend } from './notebook/idb-output-backend.ts';
import { broadcastTabChannel } from './notebook/tab-channel.ts';
import { randomId } from './notebook/edit-sync.ts';
import { App } from './App.tsx';
import { applyTheme, loadTheme } from './ui/theme.ts';
import { registerServiceWorker } from './offline/register.ts';

const lessonFiles = import.meta.glob<string>('/lessons/*.md', { query: '?raw', import: 'default', eager: true });
const catalog = buildCatalog(lessonFiles, summarizeLesson);

function browserStorage(): KeyValueStorage {
  try {
    const probe = '__qlab_probe__';
    localStorage.setItem(probe, probe);
    localStorage.removeItem(probe);
    return localStorage;
  } catch {
    // Storage blocked (private mode, policy): edits live for this tab only.
    return new MemoryStorage();
  }
}

const storage = browserStorage();
// Before the first render, so a chosen theme never flashes the default one.
applyTheme(document.documentElement, loadTheme(storage));
registerServiceWorker(import.meta.env.BASE_URL);
const kernel = createKernelPort(new KernelClient({ createWorker: createPageKernelWorkers() }));
// Edits: IndexedDB (large quota), localStorage underneath (older saves, and the fallback when IndexedDB fails).
const localEdits = new KeyValueEditBackend(storage);
const edits =
  typeof indexedDB === 'undefined' ? localEdits : new LayeredEditBackend(new IndexedDbEditBackend(indexedDB), localEdits, randomId);
const store = createNotebookStore({
  kernel,
  storage,
  edits,
  // The cells' last outputs, for the next visit: IndexedDB only (localStorage is the edits' fallback).
  outputs: typeof indexedDB === 'undefined' ? null : new IndexedDbOutputBackend(indexedDB),
  channel: broadcastTabChannel(),
  emergency: (lesson, change) => void localEdits.update(lesson.id, change),
});
// Once, quietly: ask the browser not to evict this site's storage (the student's edits) under pressure.
void askPersistentStorage(navigator.storage);

// Names for editor completion: asked of the kernel when the student types,
// cached until the kernel next goes idle (a run may have declared new ones).
let knownNames: Promise<readonly string[]> | null = null;
let readyMarked = false;
kernel.onStatus((status) => {
  if (status !== 'idle') return;
  knownNames = null;
  if (!readyMarked) {
    readyMarked = true;
    performance.mark('qlab:kernel-ready');
  }
});
const completionNames = (): Promise<readonly string[]> =>
  (knownNames ??= kernel.names().catch(() => {
    knownNames = null;
    return [];
  }));

const baseUrl = import.meta.env.BASE_URL;
const build = cachedBuild((text: string, path: string) => buildLessonPage(text, path, baseUrl));
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App
      store={store}
      catalog={catalog}
      initialLessonId={startLesson(catalog, new URLSearchParams(location.search).get('lesson'))}
      build={build}
      renderMarkdown={(source) => renderMarkdown(source, { baseUrl })}
      names={completionNames}
      storage={storage}
    />
  </StrictMode>,
);
