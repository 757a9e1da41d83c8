// Presenter mode lives in the URL (`&slide=SLUG`), so a slide can be linked
// to and a reload stays on it. Moving between slides replaces the history
// entry: Back leaves the lesson, not one slide.
import { useCallback, useMemo, useState } from 'react';
import type { LessonPage } from '../notebook/lesson-page.ts';

function setSlideParam(slug: string | null, hash = '', lesson?: string): void {
  const params = new URLSearchParams(location.search);
  // A slide's URL always names its lesson (the start lesson opens at `/` without one).
  if (lesson !== undefined) params.set('lesson', lesson);
  if (slug === null) params.delete('slide');
  else params.set('slide', slug);
  history.replaceState(history.state, '', `?${params.toString()}${hash === '' ? '' : `#${encodeURIComponent(hash)}`}`);
}

/** The section heading nearest above the top of the window: where Present starts. */
export function sectionInView(page: LessonPage): string | null {
  let current: string | null = null;
  for (const s of page.sections) {
    const el = document.getElementById(s.slug);
    if (el !== null && el.getBoundingClientRect().top <= 120) current = s.slug;
  }
  return current;
}

export function usePresenterRoute() {
  const [slug, setSlug] = useState<string | null>(() => new URLSearchParams(location.search).get('slide'));
  const present = useCallback((at: string | null, lesson: string) => {
    const s = at ?? '';
    setSlug(s);
    setSlideParam(s, '', lesson);
  }, []);
  const navigate = useCallback((to: string) => {
    setSlug(to);
    setSlideParam(to);
  }, []);
  /** Back to the lesson, scrolled to the section the last slide showed. */
  const exit = useCallback((section: string | null) => {
    setSlug(null);
    setSlideParam(null, section ?? '');
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (section !== null) document.getElementById(section)?.scrollIntoView();
        else window.scrollTo({ top: 0 });
        document.querySelector<HTMLElement>('button[data-action="present"]')?.focus();
      }),
    );
  }, []);
  return useMemo(() => ({ slug, presenting: slug !== null, present, navigate, exit }), [slug, present, navigate, exit]);
}
