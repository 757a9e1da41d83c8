import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EditorView } from '@codemirror/view';

export interface CodeEditorProps {
  readonly value: string;
  readonly label: string;
  readonly onChange: (source: string) => void;
  readonly onRun: (moveToNext: boolean) => void;
  readonly names: () => Promise<readonly string[]>;
}

type Setup = typeof import('./codemirror-setup.ts');
let setupPromise: Promise<Setup> | null = null;
const loadSetup = (): Promise<Setup> => (setupPromise ??= import('./codemirror-setup.ts'));

/** How far outside the viewport an editor is made: scrolling at reading speed never shows a plain-text cell. */
const NEAR_VIEWPORT = '150% 0px';

/** One observer for every editor on the page: cheaper than one each in a lesson of thousands of cells. */
let nearObserver: IntersectionObserver | null = null;
const nearCallbacks = new WeakMap<Element, () => void>();
function whenNear(element: Element, callback: () => void): () => void {
  if (typeof IntersectionObserver === 'undefined') {
    callback();
    return () => undefined;
  }
  nearObserver ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        nearObserver?.unobserve(e.target);
        nearCallbacks.get(e.target)?.();
      }
    },
    { rootMargin: NEAR_VIEWPORT },
  );
  nearCallbacks.set(element, callback);
  nearObserver.observe(element);
  return () => nearObserver?.unobserve(element);
}

/**
 * The code of a cell. CodeMirror (the expensive part of a cell) is made only
 * when the cell comes near the viewport, or when the plain code is focused
 * (keyboard navigation) or clicked; until then the code shows as plain text
 * (cells can already run, find-in-page and printing see it). Once made, an
 * editor stays (its undo history with it).
 */
export function CodeEditor(props: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const latest = useRef(props);
  const [setup, setSetup] = useState<Setup | null>(null);
  const [wanted, setWanted] = useState(false);
  const focusOnMount = useRef(false);
  useEffect(() => {
    latest.current = props;
  });

  useEffect(() => (host.current === null ? undefined : whenNear(host.current, () => setWanted(true))), []);

  useEffect(() => {
    if (!wanted) return;
    let alive = true;
    void loadSetup().then((s) => alive && setSetup(s));
    return () => {
      alive = false;
    };
  }, [wanted]);

  // A layout effect, so the editor exists in the same task as the render that removed the plain
  // code: with a passive effect there was a moment (longer on a busy machine) with neither, and an
  // Enter pressed then (command mode → edit) found nothing to focus and was lost.
  useLayoutEffect(() => {
    if (setup === null || host.current === null) return;
    const v = setup.createEditor(host.current, latest.current.value, latest.current.label, {
      onChange: (s) => latest.current.onChange(s),
      onRun: (next) => latest.current.onRun(next),
      names: () => latest.current.names(),
    });
    view.current = v;
    if (focusOnMount.current) v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [setup]);

  // A layout effect too, run in the same commit as the one that made the editor: as a passive effect
  // it ran later, with the value of that render, and replaced what was typed in between.
  useLayoutEffect(() => {
    if (setup !== null && view.current !== null) setup.setEditorText(view.current, props.value);
  }, [setup, props.value]);

  const mountAndFocus = () => {
    focusOnMount.current = true;
    setWanted(true);
  };
  return (
    <div className="code-editor" ref={host}>
      {setup === null && (
        <pre
          className="code-fallback"
          tabIndex={0}
          role="textbox"
          aria-readonly="true"
          aria-multiline="true"
          aria-label={props.label}
          onFocus={mountAndFocus}
          onMouseDown={mountAndFocus}
        >
          {props.value}
        </pre>
      )}
    </div>
  );
}
