import { sanitizeHtml } from '../shared/sanitize-html.ts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { presenterAction } from './presenter-keys.ts';
import { formatElapsed, readSpeakerMessage, SPEAKER_CHANNEL, type GoTo, type SpeakerMessage } from './speaker-channel.ts';
import './speaker.css';

type At = Extract<SpeakerMessage, { type: 'at' }>;

/** The timer: running from when the view opened, pausable, resettable. */
function useTimer() {
  const [startedAt, setStartedAt] = useState(() => Date.now());
  const [pausedAt, setPausedAt] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(id);
  }, []);
  const elapsed = (pausedAt ?? now) - startedAt;
  const toggle = () => {
    const t = Date.now();
    if (pausedAt === null) setPausedAt(t);
    else {
      setStartedAt((s) => s + (t - pausedAt));
      setPausedAt(null);
    }
  };
  const reset = () => {
    const t = Date.now();
    setStartedAt(t);
    setNow(t);
    setPausedAt((p) => (p === null ? null : t));
  };
  return { elapsed, paused: pausedAt !== null, toggle, reset };
}

/**
 * The speaker view (speaker.html, opened from the presenter): the current slide's notes, the next
 * slide, a timer. Arrow keys here move the slides in the presenter's window too.
 */
export function SpeakerView() {
  const [at, setAt] = useState<At | null>(null);
  const [ended, setEnded] = useState(false);
  const channel = useRef<BroadcastChannel | null>(null);
  const timer = useTimer();

  // The channel lives as long as this effect (StrictMode runs it twice in development).
  useEffect(() => {
    const c = new BroadcastChannel(SPEAKER_CHANNEL);
    channel.current = c;
    c.onmessage = (e: MessageEvent<unknown>) => {
      const m = readSpeakerMessage(e.data);
      if (m?.type === 'at') {
        setAt(m);
        setEnded(false);
      } else if (m?.type === 'ended') setEnded(true);
    };
    c.postMessage({ type: 'hello' } satisfies SpeakerMessage);
    return () => {
      c.close();
      channel.current = null;
    };
  }, []);

  const go = useCallback((to: GoTo) => channel.current?.postMessage({ type: 'go', to } satisfies SpeakerMessage), []);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target instanceof HTMLElement ? e.target : null;
      if (target?.closest('button') != null && (e.key === ' ' || e.key === 'Enter')) return;
      const action = presenterAction({ key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, typing: false });
      if (action?.type !== 'go') return;
      e.preventDefault();
      go(action.to);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [go]);

  return (
    <div className="speaker">
      <header className="speaker-bar">
        <span className="speaker-counter" data-testid="speaker-counter">
          {at === null ? 'Waiting for the slides…' : `Slide ${at.index + 1} / ${at.count}`}
        </span>
        <span className="speaker-title">{at?.title ?? ''}</span>
        <span className="speaker-timer" role="timer" aria-label="Time since the talk started" data-testid="speaker-timer">
          {formatElapsed(timer.elapsed)}
        </span>
        <button type="button" onClick={timer.toggle}>
          {timer.paused ? 'Resume' : 'Pause'}
        </button>
        <button type="button" onClick={timer.reset}>
          Reset
        </button>
        <button type="button" onClick={() => go('previous')} aria-keyshortcuts="ArrowLeft PageUp">
          ◀ Previous
        </button>
        <button type="button" onClick={() => go('next')} aria-keyshortcuts="ArrowRight PageDown">
          Next ▶
        </button>
      </header>
      {ended && (
        <p className="speaker-ended" role="status">
          The slides were closed in the presenter's window.
        </p>
      )}
      <main className="speaker-main">
        <section className="speaker-notes" aria-label="Notes">
          <h2>Notes</h2>
          {at !== null && at.notes !== '' ? (
            <div className="prose" dangerouslySetInnerHTML={{ __html: sanitizeHtml(at.notes) }} />
          ) : (
            <p className="speaker-muted">{at === null ? 'Open Present in the lesson’s window.' : 'No notes for this slide.'}</p>
          )}
        </section>
        <section className="speaker-next" aria-label="Next slide">
          <h2>Next{at?.next ? `: ${at.next.title}` : ''}</h2>
          {at?.next ? (
            <div className="speaker-preview prose" dangerouslySetInnerHTML={{ __html: sanitizeHtml(at.next.html) }} />
          ) : (
            <p className="speaker-muted">{at === null ? '' : 'This is the last slide.'}</p>
          )}
        </section>
      </main>
    </div>
  );
}
