import 'katex/dist/katex.min.css';
import './ui/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { renderMarkdown } from './lesson/render.ts';
import { buildCatalog, startLesson } from './notebook/catalog.ts';
import { buildLessonPage, summarizeLesson } from './notebook/build-lesson-page.ts';
import { createKernelPort } from './notebook/kernel-adapter.ts';
import { createNotebookStore } from './notebook/store.ts';
import { MemoryStorage, type KeyValueStorage } from './notebook/persistence.ts';
import { App } from './ui/App.tsx';

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

const kernel = createKernelPort();
const store = createNotebookStore({ kernel, storage: browserStorage() });

// Names for editor completion, refreshed whenever the kernel goes idle.
let knownNames: readonly string[] = [];
let readyMarked = false;
kernel.onStatus((status) => {
  if (status !== 'idle') return;
  if (!readyMarked) {
    readyMarked = true;
    performance.mark('qlab:kernel-ready');
  }
  kernel.names().then(
    (names) => (knownNames = names),
    () => undefined,
  );
});

const baseUrl = import.meta.env.BASE_URL;
const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App
      store={store}
      catalog={catalog}
      initialLessonId={startLesson(catalog, new URLSearchParams(location.search).get('lesson'))}
      build={(text, path) => buildLessonPage(text, path, baseUrl)}
      renderMarkdown={(source) => renderMarkdown(source, { baseUrl })}
      names={() => knownNames}
    />
  </StrictMode>,
);
