import type { LessonPage } from '../notebook/lesson-page.ts';
import { useNotebook } from './notebook-context.ts';

export function Toc({ page }: { readonly page: LessonPage }) {
  const progress = useNotebook((s) => s.progress);
  if (page.sections.length === 0) return null;
  const exercises = page.notebook.cells.flatMap((c) => {
    const section = page.exerciseSections[c.id];
    return section === undefined ? [] : [{ section, progress: progress[c.id] }];
  });
  const done = exercises.filter((e) => e.progress === 'done').length;
  const tally = (slug: string) => {
    const inSection = exercises.filter((e) => e.section === slug).map((e) => e.progress);
    if (inSection.length === 0) return null;
    const d = inSection.filter((p) => p === 'done').length;
    const tried = inSection.filter((p) => p === 'attempted').length;
    return (
      <span
        className={`toc-progress${d === inSection.length ? ' toc-progress-done' : ''}`}
        title={`${d} done, ${tried} attempted, of ${inSection.length} exercises`}
      >
        {d}/{inSection.length}
      </span>
    );
  };
  return (
    <nav className="toc" aria-label="Contents">
      <h2>Contents</h2>
      {exercises.length > 0 && (
        <p className="toc-summary" data-testid="exercise-progress">
          Exercises: {done} of {exercises.length} done
        </p>
      )}
      <ol>
        {page.sections.map((s) => (
          <li key={s.slug} className={`toc-level-${s.level}`}>
            <a href={`#${s.slug}`}>{s.text}</a> {tally(s.slug)}
          </li>
        ))}
      </ol>
    </nav>
  );
}
