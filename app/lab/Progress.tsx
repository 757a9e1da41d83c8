import type { Progress } from './lab-state.ts';

/** A labelled progress bar; indeterminate when the total is unknown. */
export function ProgressBar({ label, progress }: { readonly label: string; readonly progress: Progress | null }) {
  const total = progress?.total ?? null;
  const done = progress?.done ?? 0;
  const text =
    progress === null
      ? 'starting…'
      : total === null || total === 0
        ? progress.label
        : `${progress.label} (${Math.round((100 * done) / total)}%)`;
  return (
    <div className="lab-progress">
      {total !== null && total > 0 ? (
        <progress aria-label={label} max={total} value={Math.min(done, total)} />
      ) : (
        <progress aria-label={label} />
      )}
      <span role="status" aria-live="polite">
        {text}
      </span>
    </div>
  );
}
