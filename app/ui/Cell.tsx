import { memo, useCallback } from 'react';
import type { NotebookCell } from '../notebook/lesson-view.ts';
import { idleCell } from '../notebook/cell-runtime.ts';
import { CodeEditor } from './CodeEditor.tsx';
import { Output } from './Output.tsx';
import { ImagePicker } from './ImagePicker.tsx';
import { useCellState, useNotebookActions } from './notebook-context.ts';
import { ExercisePanel } from './ExercisePanel.tsx';
import type { ExerciseMaterial } from '../notebook/lesson-page.ts';
import type { CellId } from '../shared/brand.ts';
import { OutputFullscreen } from './OutputFullscreen.tsx';
import { CellMenu } from './commands/CellMenu.tsx';

export interface CellProps {
  readonly cell: NotebookCell;
  /** The Python line(s) this cell mirrors, shown under "PyTorch original". */
  readonly python: string | null;
  readonly exercise: ExerciseMaterial | null;
  readonly names: () => Promise<readonly string[]>;
  readonly renderMarkdown: (source: string) => string;
  readonly focusNext: (id: CellId) => void;
  /** Accessible name; lesson cells are `Cell N`, cells the student added `New cell N`. */
  readonly label?: string;
}

/** Jupyter's prompt: `[*]` running or waiting to run, `[n]` the run's number in its kernel session, `[ ]` never run. */
function prompt(status: string, execCount: number | null): string {
  if (status === 'running' || status === 'queued') return '[*]';
  return `[${execCount ?? ' '}]`;
}

export const Cell = memo(function Cell({
  cell,
  python,
  exercise,
  names,
  renderMarkdown,
  focusNext,
  label = `Cell ${cell.index}`,
}: CellProps) {
  const source = useCellState(cell.id, (s) => s.sources[cell.id] ?? cell.source);
  const runtime = useCellState(cell.id, (s) => s.cells[cell.id] ?? idleCell);
  const conflict = useCellState(cell.id, (s) => s.conflicts[cell.id]);
  const { editCell, runCell, resetCell, keepMyEdit } = useNotebookActions();
  const edited = source !== cell.source;

  const onRun = useCallback(
    (moveToNext: boolean) => {
      runCell(cell.id);
      if (moveToNext) focusNext(cell.id);
    },
    [runCell, cell.id, focusNext],
  );
  const onChange = useCallback((s: string) => editCell(cell.id, s), [editCell, cell.id]);

  return (
    <section
      className={`cell cell-${runtime.status}${runtime.stale ? ' cell-stale' : ''}${runtime.fromEarlierSession ? ' cell-earlier' : ''}`}
      aria-label={label}
      data-cell-id={cell.id}
      data-kind="code"
      tabIndex={-1}
      data-status={runtime.status}
      data-exec-count={runtime.execCount ?? ''}
      data-earlier-session={runtime.fromEarlierSession ? 'true' : undefined}
    >
      <div className="cell-prompt" aria-hidden="true" title={runtime.fromEarlierSession ? 'Run number from an earlier session' : undefined}>
        {prompt(runtime.status, runtime.execCount)}
      </div>
      <div className="cell-body">
        <div className="cell-toolbar">
          <button
            type="button"
            className="btn-run"
            aria-label="Run cell"
            title="Run cell (Shift-Enter: run and go to next; Ctrl/Cmd-Enter: run in place)"
            aria-keyshortcuts="Shift+Enter Control+Enter"
            onClick={() => onRun(false)}
          >
            ▶ Run
          </button>
          <button
            type="button"
            aria-label="Reset cell"
            title="Reset cell to the lesson's code (Alt-Shift-Z)"
            aria-keyshortcuts="Alt+Shift+Z"
            disabled={!edited}
            onClick={() => resetCell(cell.id)}
          >
            ↺ Reset
          </button>
          {cell.attrs.includes('exercise') && <span className="cell-tag">exercise</span>}
          {cell.attrs.includes('online') && (
            <span
              className="cell-tag cell-tag-online"
              title="This cell downloads from the Hugging Face Hub (or the server models.hub.endpoint names). Offline it says so and goes on with what ships with the app. The lesson checks skip it."
            >
              needs the Hub
            </span>
          )}
          {runtime.outputs.length > 0 && <OutputFullscreen label={label} outputs={runtime.outputs} renderMarkdown={renderMarkdown} />}
          {edited && (
            <span className="cell-tag cell-tag-edited" title="Your edits are saved in this browser">
              edited
            </span>
          )}
          <span className="cell-state" role="status">
            {runtime.status === 'running'
              ? 'running…'
              : runtime.status === 'queued'
                ? 'queued'
                : runtime.status === 'cancelled'
                  ? 'not run'
                  : ''}
            {runtime.duration !== null && runtime.status !== 'running' ? ` ${formatDuration(runtime.duration)}` : ''}
            {runtime.stale ? ' (kernel restarted: run again)' : ''}
          </span>
          <CellMenu id={cell.id} label={label} />
        </div>
        {conflict !== undefined && (
          <div className="cell-conflict" role="alert">
            This lesson's code for this cell changed since you edited it. Your version is kept below.
            <details>
              <summary>The lesson's code when you started editing</summary>
              <pre>{conflict.savedBase}</pre>
            </details>
            <details>
              <summary>The lesson's code now</summary>
              <pre>{cell.source}</pre>
            </details>
            <button type="button" onClick={() => keepMyEdit(cell.id)}>
              Keep my version
            </button>{' '}
            <button type="button" onClick={() => resetCell(cell.id)}>
              Use the lesson's new code
            </button>
          </div>
        )}
        <CodeEditor value={source} label={`Code of ${label.replace(/^Cell/, 'cell')}`} onChange={onChange} onRun={onRun} names={names} />
        {python !== null && (
          <details className="cell-python">
            <summary>PyTorch original</summary>
            <pre>{python}</pre>
          </details>
        )}
        {exercise !== null && <ExercisePanel cellId={cell.id} material={exercise} renderMarkdown={renderMarkdown} />}
        {runtime.status === 'running' && runtime.imagePick !== null && (
          <ImagePicker key={runtime.imagePick.id} request={runtime.imagePick} cellLabel={label} />
        )}
        <Output
          label={label.replace(/^Cell/, 'Output').replace(/^New cell/, 'Output of new cell')}
          outputs={runtime.outputs}
          renderMarkdown={renderMarkdown}
          fromEarlierSession={runtime.fromEarlierSession}
        />
      </div>
    </section>
  );
});

function formatDuration(msValue: number): string {
  return msValue < 1000 ? `${Math.round(msValue)} ms` : `${(msValue / 1000).toFixed(2)} s`;
}
