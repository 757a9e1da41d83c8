// Page side of deferred formulas (app/lesson/math-placeholder.ts): finds every
// formula placeholder under a root element as it appears (a big lesson's
// blocks are added frame by frame), typesets them through TypesetQueue in
// idle slices (near the viewport first), and reports progress for the
// "Typesetting formulas… n / N" line. Each formula is KaTeX's HTML for the
// placeholder's TeX, sanitised like all lesson HTML before it enters the page.
import { useEffect, useState, type RefObject } from 'react';
import { typesetMath } from '../lesson/markdown.ts';
import { PENDING_CLASS, PENDING_DISPLAY_CLASS } from '../lesson/math-placeholder.ts';
import { TypesetQueue } from '../lesson/typeset-queue.ts';
import { sanitizeHtml } from '../shared/sanitize-html.ts';

/** The placeholders in or at `node`, in reading order. */
function pendingIn(node: Element): Element[] {
  return node.classList.contains(PENDING_CLASS) ? [node] : [...node.getElementsByClassName(PENDING_CLASS)];
}

export interface MathProgress {
  /** Formulas typeset so far. */
  readonly typeset: number;
  /** Whether formulas are still waiting (the progress line shows while true). */
  readonly pending: boolean;
}

/** Typesets the placeholders under `root` while `expected` > 0 (the page's pendingFormulas); `key` restarts it. */
export function useMathTypesetter(root: RefObject<HTMLElement | null>, expected: number, key: unknown): MathProgress {
  const [progress, setProgress] = useState<MathProgress & { key: unknown }>({ key, typeset: 0, pending: expected > 0 });
  const shown = progress.key === key ? progress : { key, typeset: 0, pending: expected > 0 };
  useEffect(() => {
    const element = root.current;
    if (element === null || expected === 0) return;
    // Formulas within a screen above and below come first. The blocks that hold them are observed, not each
    // formula: thousands of targets would make every frame compute thousands of intersections.
    const viewport = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) for (const formula of pendingIn(entry.target)) queue.near(formula, entry.isIntersecting);
      },
      { rootMargin: '100% 0px' },
    );
    const wake = new MessageChannel();
    let next: (() => void) | null = null;
    wake.port2.onmessage = () => {
      const slice = next;
      next = null;
      slice?.();
    };
    const queue = new TypesetQueue<Element>({
      typeset: (formula) => {
        const display = formula.classList.contains(PENDING_DISPLAY_CLASS);
        formula.outerHTML = sanitizeHtml(typesetMath(formula.getAttribute('data-tex') ?? '', display));
      },
      isPending: (formula) => formula.isConnected && formula.classList.contains(PENDING_CLASS),
      now: () => performance.now(),
      schedule: (slice) => {
        // A message, not setTimeout(0): nested timers are clamped to 4 ms and, measured, ran ~20 slices a second.
        next = slice;
        wake.port1.postMessage(null);
        return () => void (next = null);
      },
      // Done when nothing waits in the page any more (blocks still to be added will wake it again).
      progress: (typeset, finished) =>
        setProgress({ key, typeset, pending: !finished || element.getElementsByClassName(PENDING_CLASS).length > 0 }),
    });
    const found = (nodes: Iterable<Node>): void => {
      for (const node of nodes) {
        if (!(node instanceof Element)) continue;
        const formulas = pendingIn(node);
        if (formulas.length === 0) continue;
        viewport.observe(node.classList.contains(PENDING_CLASS) ? (node.parentElement ?? node) : node);
        queue.add(formulas);
      }
    };
    const added = new MutationObserver((records) => found(records.flatMap((r) => [...r.addedNodes])));
    added.observe(element, { childList: true, subtree: true });
    found(element.children);
    return () => {
      queue.stop();
      wake.port1.close();
      wake.port2.close();
      added.disconnect();
      viewport.disconnect();
    };
  }, [root, expected, key]);
  return shown;
}
