import { HintIcon } from './icons.tsx';
import { sanitizeHtml } from '../shared/sanitize-html.ts';
import type { ExerciseMaterial } from '../notebook/lesson-page.ts';
import { untriedExercise } from '../notebook/exercise.ts';
import type { CellId } from '../shared/brand.ts';
import { useCellState, useNotebookActions } from './notebook-context.ts';

export interface ExercisePanelProps {
  readonly cellId: CellId;
  readonly material: ExerciseMaterial;
  readonly renderMarkdown: (source: string) => string;
}

export function ExercisePanel({ cellId, material, renderMarkdown }: ExercisePanelProps) {
  const state = useCellState(cellId, (s) => s.exercises[cellId] ?? untriedExercise);
  const progress = useCellState(cellId, (s) => s.progress[cellId]);
  const { checkExercise, showHint, showSolution } = useNotebookActions();
  const hints = material.hints;
  const canShowSolution = material.solution !== null && (progress !== undefined || state.status === 'failed' || state.status === 'passed');

  return (
    <div className="exercise" data-exercise-status={state.status} data-progress={progress ?? 'none'}>
      <div className="exercise-actions">
        <button
          type="button"
          className="btn-check"
          disabled={state.status === 'checking' || material.check === null}
          onClick={() => material.check !== null && checkExercise(cellId, material.check)}
        >
          ✔ Check
        </button>
        <button type="button" disabled={state.hintsShown >= hints.length} onClick={() => showHint(cellId, hints.length)}>
          <HintIcon /> Hint{hints.length > 0 ? ` (${Math.min(state.hintsShown + 1, hints.length)} of ${hints.length})` : ''}
        </button>
        <button
          type="button"
          disabled={!canShowSolution}
          title={canShowSolution ? 'Replace your code with the solution (undo brings yours back)' : 'Available after your first Check'}
          onClick={() => material.solution !== null && showSolution(cellId, material.solution)}
        >
          Show solution
        </button>
        {progress === 'done' && <span className="exercise-done">Done ✓</span>}
      </div>
      <div className="exercise-results" role="status" aria-live="polite">
        {state.status === 'checking' && <p>Checking…</p>}
        {state.status === 'passed' && <p className="exercise-pass">All checks passed. Well done!</p>}
        {state.status === 'failed' && <p className="exercise-fail">Not yet: see what is wrong below.</p>}
        {state.results.length > 0 && (
          <ul>
            {state.results.map((r, i) => (
              <li key={i} className={r.passed ? 'check-pass' : 'check-fail'}>
                <span aria-hidden="true">{r.passed ? '✓' : '✗'}</span>{' '}
                <span className="visually-hidden">{r.passed ? 'right:' : 'wrong:'}</span> {r.message}
              </li>
            ))}
          </ul>
        )}
      </div>
      {state.hintsShown > 0 && (
        <ol className="exercise-hints" aria-label="Hints">
          {hints.slice(0, state.hintsShown).map((h, i) => (
            <li key={i} className="prose" dangerouslySetInnerHTML={{ __html: sanitizeHtml(renderMarkdown(h)) }} />
          ))}
        </ol>
      )}
    </div>
  );
}
