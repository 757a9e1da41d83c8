import type { LessonSection } from '../notebook/lesson-page.ts';

export function Toc({ sections }: { readonly sections: readonly LessonSection[] }) {
  if (sections.length === 0) return null;
  return (
    <nav className="toc" aria-label="Contents">
      <h2>Contents</h2>
      <ol>
        {sections.map((s) => (
          <li key={s.slug} className={`toc-level-${s.level}`}>
            <a href={`#${s.slug}`}>{s.text}</a>
          </li>
        ))}
      </ol>
    </nav>
  );
}
