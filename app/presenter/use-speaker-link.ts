// The presenter's side of the speaker view: answers its hello, tells it every slide change, and
// moves when it asks. The channel's lifetime is the effect's (React StrictMode-safe).
import { useEffect, useRef } from 'react';
import { readSpeakerMessage, SPEAKER_CHANNEL, type GoTo, type SpeakerMessage } from './speaker-channel.ts';

/** What the speaker view is told: the `at` message without its type. */
export type SpeakerState = Omit<Extract<SpeakerMessage, { readonly type: 'at' }>, 'type'>;

export function useSpeakerLink(state: SpeakerState, go: (to: GoTo) => void): void {
  const channel = useRef<BroadcastChannel | null>(null);
  const latest = useRef({ state, go });
  useEffect(() => {
    latest.current = { state, go };
  });
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const c = new BroadcastChannel(SPEAKER_CHANNEL);
    channel.current = c;
    const tell = () => c.postMessage({ type: 'at', ...latest.current.state } satisfies SpeakerMessage);
    c.onmessage = (e: MessageEvent<unknown>) => {
      const m = readSpeakerMessage(e.data);
      if (m?.type === 'hello') tell();
      else if (m?.type === 'go') latest.current.go(m.to);
    };
    tell();
    return () => {
      c.postMessage({ type: 'ended' } satisfies SpeakerMessage);
      c.close();
      channel.current = null;
    };
  }, []);
  const { lesson, index, count, title, notes, next } = state;
  useEffect(() => {
    channel.current?.postMessage({ type: 'at', lesson, index, count, title, notes, next } satisfies SpeakerMessage);
  }, [lesson, index, count, title, notes, next]);
}

/** Opens (or brings forward) the speaker view window. */
export function openSpeakerView(base: string): void {
  window.open(`${base}speaker.html`, 'qlab-speaker', 'popup,width=1100,height=720');
}
