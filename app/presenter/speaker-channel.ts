// The presenter window and its speaker view talk over one BroadcastChannel (same origin only).
// One typed message schema; every message received is checked before use, because any tab of the
// app's origin can post on the channel.

export const SPEAKER_CHANNEL = 'qlab-speaker-view';

export type GoTo = 'next' | 'previous' | 'first' | 'last';

export interface SlideSummary {
  readonly title: string;
  /** Sanitised HTML: the slide's text, cells' code as <pre>, figures named. */
  readonly html: string;
}

export type SpeakerMessage =
  /** speaker → presenter: tell me where you are. */
  | { readonly type: 'hello' }
  /** speaker → presenter: move (keys and buttons in the speaker view). */
  | { readonly type: 'go'; readonly to: GoTo }
  /** presenter → speaker: the slide on screen. */
  | {
      readonly type: 'at';
      readonly lesson: string;
      readonly index: number;
      readonly count: number;
      readonly title: string;
      /** Sanitised HTML of the section's ```notes (empty when it has none). */
      readonly notes: string;
      readonly next: SlideSummary | null;
    }
  /** presenter → speaker: the slides were closed. */
  | { readonly type: 'ended' };

const isGoTo = (v: unknown): v is GoTo => v === 'next' || v === 'previous' || v === 'first' || v === 'last';
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isSummary = (v: unknown): v is SlideSummary => isRecord(v) && typeof v['title'] === 'string' && typeof v['html'] === 'string';

/** The message, or null when `data` is not one of ours. */
export function readSpeakerMessage(data: unknown): SpeakerMessage | null {
  if (!isRecord(data)) return null;
  switch (data['type']) {
    case 'hello':
    case 'ended':
      return { type: data['type'] };
    case 'go':
      return isGoTo(data['to']) ? { type: 'go', to: data['to'] } : null;
    case 'at': {
      const { lesson, index, count, title, notes, next } = data;
      if (typeof lesson !== 'string' || typeof title !== 'string' || typeof notes !== 'string') return null;
      if (!isCount(index) || !isCount(count) || (next !== null && !isSummary(next))) return null;
      return { type: 'at', lesson, index, count, title, notes, next };
    }
    default:
      return null;
  }
}

/** mm:ss (h:mm:ss past an hour) of elapsed milliseconds, for the speaker's timer. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${two(m)}:${two(s)}`;
}
