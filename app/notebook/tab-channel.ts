// Tells the other tabs of this site that a lesson's saved edits changed, so a
// tab showing the same lesson re-reads them (BroadcastChannel on the page; an
// in-memory hub in tests). Messages carry no code: the record is read from
// storage, which is the one source of truth.
import type { LessonId } from '../shared/brand.ts';

export interface EditsChanged {
  readonly type: 'edits-changed';
  readonly lesson: string;
  readonly tab: string;
}

export interface TabChannel {
  post(message: EditsChanged): void;
  subscribe(listener: (message: EditsChanged) => void): () => void;
}

const isEditsChanged = (v: unknown): v is EditsChanged =>
  typeof v === 'object' &&
  v !== null &&
  'type' in v &&
  v.type === 'edits-changed' &&
  'lesson' in v &&
  typeof v.lesson === 'string' &&
  'tab' in v &&
  typeof v.tab === 'string';

export function broadcastTabChannel(name = 'qlab:edits'): TabChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null;
  const channel = new BroadcastChannel(name);
  return {
    post: (message) => channel.postMessage(message),
    subscribe(listener) {
      const onMessage = (e: MessageEvent<unknown>) => {
        if (isEditsChanged(e.data)) listener(e.data);
      };
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
  };
}

/** Tabs in one test: each channel() delivers to the others, asynchronously like BroadcastChannel. */
export class MemoryTabHub {
  private readonly listeners = new Set<{ owner: object; fn: (m: EditsChanged) => void }>();
  channel(): TabChannel {
    const owner = {};
    return {
      post: (message) => {
        for (const l of this.listeners) if (l.owner !== owner) queueMicrotask(() => l.fn(message));
      },
      subscribe: (fn) => {
        const entry = { owner, fn };
        this.listeners.add(entry);
        return () => this.listeners.delete(entry);
      },
    };
  }
}

export const changedMessage = (lesson: LessonId, tab: string): EditsChanged => ({ type: 'edits-changed', lesson, tab });
