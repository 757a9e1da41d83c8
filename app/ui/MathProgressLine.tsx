import type { RefObject } from 'react';
import { useMathTypesetter } from './use-math-typesetter.ts';

/**
 * Typesets a big lesson's deferred formulas under `root` and says how far it is:
 * "Typesetting formulas… 1,234 / 20,000", gone when done. Its own component, so
 * progress re-renders only this line.
 */
export function MathProgressLine({
  root,
  total,
  lesson,
  quiet = false,
}: {
  readonly root: RefObject<HTMLElement | null>;
  readonly total: number;
  readonly lesson: unknown;
  /** Typeset without the line (slides: a line would take room the slide's fit did not count). */
  readonly quiet?: boolean;
}) {
  const { typeset, pending } = useMathTypesetter(root, total, lesson);
  if (!pending || quiet) return null;
  return (
    <p className="lesson-progress math-progress" role="status">
      Typesetting formulas… <progress max={total} value={Math.min(typeset, total)} aria-label="Formulas typeset" />{' '}
      {Math.min(typeset, total).toLocaleString('en')} / {total.toLocaleString('en')}
    </p>
  );
}
