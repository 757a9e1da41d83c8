import { download, exportLesson, type ExportSource } from '../export/export-lesson.ts';
import { useNotebook, useNotebookStore } from './notebook-context.ts';

/**
 * Shown the moment a save fails (storage full, storage blocked): the edits are
 * still in this tab, saving is retried, and Download writes them to a file.
 */
export function SaveProblemBanner({
  source,
  renderMarkdown,
}: {
  readonly source: ExportSource | null;
  readonly renderMarkdown: (s: string) => string;
}) {
  const problem = useNotebook((s) => s.saveProblem);
  const store = useNotebookStore();
  if (problem === null) return null;
  return (
    <div className="save-problem" role="alert">
      <span>
        Your edits are not being saved: {problem}. Keep this tab open; your edits are kept here and saving is tried again. Download them to
        keep a copy, or free some space for this site (Settings → Privacy → Site data).
      </span>
      {source !== null && (
        <button type="button" onClick={() => download(exportLesson('markdown', source, store.getState(), renderMarkdown))}>
          Download my edits (.md)
        </button>
      )}
    </div>
  );
}

/**
 * Quiet, below the edits' banner: the cells' outputs are not being kept for
 * the next visit (storage full, or they gave their room to the edits). The
 * edits are saved apart from them; a run makes the outputs again.
 */
export function OutputsProblemNotice() {
  const problem = useNotebook((s) => s.outputsProblem);
  if (problem === null) return null;
  return (
    <div className="outputs-problem" role="status">
      Outputs are not being kept for your next visit: {problem}. Your edits are saved separately; running the cells shows the outputs again.
    </div>
  );
}

/** What another tab open on the same lesson changed here. */
export function TabNotice() {
  const notice = useNotebook((s) => s.tabNotice);
  const dismiss = useNotebook((s) => s.dismissTabNotice);
  if (notice === null) return null;
  return (
    <div className="tab-notice" role="status">
      <span>{notice}</span>
      <button type="button" onClick={dismiss} aria-label="Dismiss tab notice">
        ×
      </button>
    </div>
  );
}
