// Where saved outputs live: the page uses IndexedDB (idb-output-backend.ts);
// tests and Node use KeyValueOutputBackend on a MemoryStorage. There is no
// localStorage fallback on the page: localStorage is the edits' own fallback
// (edit-backend.ts), and outputs, which a run makes again, must not use up
// the room the student's code may need there.
import type { LessonId } from '../shared/brand.ts';
import { isEmptyOutputRecord, readOutputRecord, type OutputRecord } from './output-record.ts';
import type { KeyValueStorage } from './persistence.ts';

export interface OutputBackend {
  load(lesson: LessonId): Promise<OutputRecord | null>;
  /** Replace the record with `change(current)`; null deletes it. Rejects when the write fails (quota, blocked storage). */
  update(lesson: LessonId, change: (current: OutputRecord | null) => OutputRecord | null): Promise<void>;
}

export const outputsKey = (lesson: LessonId): string => `qlab:outputs:${lesson}`;

/** Records as JSON under `qlab:outputs:<lesson>` (tests, Node). */
export class KeyValueOutputBackend implements OutputBackend {
  constructor(private readonly storage: KeyValueStorage) {}

  private read(lesson: LessonId): OutputRecord | null {
    const raw = this.storage.getItem(outputsKey(lesson));
    if (raw === null) return null;
    try {
      return readOutputRecord(JSON.parse(raw));
    } catch {
      return null; // not JSON: nothing to restore (outputs are made again by a run)
    }
  }

  load(lesson: LessonId): Promise<OutputRecord | null> {
    try {
      return Promise.resolve(this.read(lesson));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  update(lesson: LessonId, change: (current: OutputRecord | null) => OutputRecord | null): Promise<void> {
    try {
      const next = change(this.read(lesson));
      if (next === null || isEmptyOutputRecord(next)) this.storage.removeItem(outputsKey(lesson));
      else this.storage.setItem(outputsKey(lesson), JSON.stringify(next));
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}
