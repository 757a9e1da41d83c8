// Where edit records are kept. The page uses IndexedDB (large quota, async)
// with localStorage as the fallback when IndexedDB fails or is missing
// (LayeredEditBackend); tests use KeyValueEditBackend on a MemoryStorage.
// Every write is a read-modify-write of one lesson's record, atomic across
// tabs (an IndexedDB readwrite transaction; localStorage calls are synchronous).
import type { LessonId } from '../shared/brand.ts';
import { fromVersion1, isEditRecord, isEmptyRecord, mergeRecords, type EditRecord } from './edit-record.ts';
import { loadEdits, type KeyValueStorage } from './persistence.ts';

export interface EditBackend {
  /** Shown to the student when saving fails ("IndexedDB", "localStorage"). */
  readonly name: string;
  load(lesson: LessonId): Promise<EditRecord | null>;
  /** Replace the record with `change(current)`; null deletes it. Rejects when the write fails (quota, blocked storage). */
  update(lesson: LessonId, change: (current: EditRecord | null) => EditRecord | null): Promise<void>;
}

export const editsKey = (lesson: LessonId): string => `qlab:edits:${lesson}`;

/** Records as JSON under `qlab:edits:<lesson>`: version 2, or version 1 from earlier releases (migrated when read). */
export class KeyValueEditBackend implements EditBackend {
  constructor(
    private readonly storage: KeyValueStorage,
    readonly name = 'localStorage',
  ) {}

  read(lesson: LessonId): EditRecord | null {
    const raw = this.storage.getItem(editsKey(lesson));
    if (raw === null) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    if (isEditRecord(parsed)) return parsed;
    // Version 1 (or corrupt: loadEdits keeps a corrupt entry under another key for a human to recover).
    const v1 = loadEdits(this.storage, lesson);
    return v1 === null ? null : fromVersion1(v1, lesson);
  }

  load(lesson: LessonId): Promise<EditRecord | null> {
    try {
      return Promise.resolve(this.read(lesson));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  update(lesson: LessonId, change: (current: EditRecord | null) => EditRecord | null): Promise<void> {
    // Synchronous on purpose: nothing can interleave between the read and the write.
    try {
      const next = change(this.read(lesson));
      if (next === null || isEmptyRecord(next)) this.storage.removeItem(editsKey(lesson));
      else this.storage.setItem(editsKey(lesson), JSON.stringify(next));
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }

  remove(lesson: LessonId): void {
    this.storage.removeItem(editsKey(lesson));
  }
}

/**
 * IndexedDB first, localStorage second. A record found in localStorage (from
 * an earlier release, or written there while IndexedDB failed) is merged into
 * IndexedDB's and removed from localStorage only once IndexedDB has it.
 */
export class LayeredEditBackend implements EditBackend {
  readonly name = 'IndexedDB';
  constructor(
    private readonly primary: EditBackend,
    private readonly fallback: KeyValueEditBackend,
    private readonly uid: () => string,
  ) {}

  async load(lesson: LessonId): Promise<EditRecord | null> {
    const legacy = this.fallback.read(lesson);
    let primary: EditRecord | null;
    try {
      primary = await this.primary.load(lesson);
    } catch {
      return legacy; // IndexedDB unavailable: localStorage is all there is
    }
    if (legacy === null) return primary;
    const merged = mergeRecords(primary, legacy, this.uid);
    try {
      await this.primary.update(lesson, (current) => mergeRecords(current, legacy, this.uid));
      this.fallback.remove(lesson);
    } catch {
      // Keep it in localStorage; the next load tries again.
    }
    return merged;
  }

  async update(lesson: LessonId, change: (current: EditRecord | null) => EditRecord | null): Promise<void> {
    const legacy = this.fallback.read(lesson);
    try {
      await this.primary.update(lesson, (current) => change(mergeRecords(current, legacy, this.uid)));
      if (legacy !== null) this.fallback.remove(lesson);
      return;
    } catch (first) {
      // localStorage holds what IndexedDB could not take; load() folds it back in later.
      try {
        await this.fallback.update(lesson, change);
      } catch (second) {
        throw new SaveFailed(first, second);
      }
    }
  }
}

/** Both stores refused a write; the message says why, in words a student can act on. */
export class SaveFailed extends Error {
  constructor(
    readonly primary: unknown,
    readonly fallback: unknown,
  ) {
    super(describeStorageError(primary));
    this.name = 'SaveFailed';
  }
}

export function describeStorageError(e: unknown): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'QuotaExceededError') return "the browser's storage for this site is full";
  if (name === 'SaveFailed' && e instanceof Error) return e.message;
  if (name === 'SecurityError' || name === 'InvalidStateError')
    return 'the browser does not allow this site to store data (private mode or a site setting)';
  return e instanceof Error ? e.message : String(e);
}
