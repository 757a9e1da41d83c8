// Keeps one tab's edits and the saved record in step (page, plain TS, no React).
// - Autosave: ≤ 300 ms after the last keystroke, ≤ 1 s after the first unsaved one.
// - Each write sends only the cells this tab changed since it last read or wrote
//   them (edit-merge.ts), so another tab's edits to other cells survive.
// - A write that fails keeps the edits in memory, says why (`saveProblem`) and
//   is retried (1 s, doubling to 10 s, and on every edit) until it succeeds.
// - Another tab's write (TabChannel) is read back: cells this tab has not
//   changed take the other tab's code, and the student is told which.
// What this tab knows storage holds, and reading a record into the state or
// finding what changed since, is edit-known.ts.
import type { CellId } from '../shared/brand.ts';
import { describeStorageError, type EditBackend } from './edit-backend.ts';
import { emptyRecord, type EditRecord, type UnmatchedEdit } from './edit-record.ts';
import { rebaseRecord } from './edit-matcher.ts';
import { writeLocalEdits, type LocalCellEdit, type LocalStructure } from './edit-merge.ts';
import { adoptRecord, pendingEdits, unknownStructure, type Conflicts, type KnownCell, type Sources } from './edit-known.ts';
import type { NotebookLesson } from './lesson-view.ts';
import { changedMessage, type TabChannel } from './tab-channel.ts';
import type { Structure } from './structure.ts';

const QUIET_MS = 300;
const MAX_DELAY_MS = 1000;
const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 10_000;

export interface SyncedState {
  readonly sources: Sources;
  readonly conflicts: Conflicts;
  readonly structure: Structure;
  readonly unmatched: readonly UnmatchedEdit[];
  /** Why edits are not being saved right now; null when they are. */
  readonly saveProblem: string | null;
  /** What another tab changed in this lesson (shown until dismissed). */
  readonly tabNotice: string | null;
}

export interface EditSyncHost {
  current(): {
    readonly lesson: NotebookLesson | null;
    readonly sources: Sources;
    readonly conflicts: Conflicts;
    readonly structure: Structure;
  };
  apply(patch: Partial<SyncedState>): void;
}

export interface EditSyncDeps {
  readonly backend: EditBackend;
  readonly channel?: TabChannel | null;
  /** Writes pending edits synchronously (localStorage) when the page is hidden mid-write. */
  readonly emergency?: ((lesson: NotebookLesson, change: (current: EditRecord | null) => EditRecord | null) => void) | null;
  readonly tab?: string;
  readonly uid?: () => string;
  readonly now?: () => number;
  readonly setTimer?: (fn: () => void, delay: number) => unknown;
  readonly clearTimer?: (handle: unknown) => void;
}

export const randomId = (): string =>
  typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;
const cellList = (indexes: readonly number[]): string =>
  indexes.length === 1 ? `cell ${indexes[0]} was` : `cells ${indexes.slice(0, -1).join(', ')} and ${indexes.at(-1)} were`;

export class EditSync {
  readonly tab: string;
  private readonly uid: () => string;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, delay: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private lesson: NotebookLesson | null = null;
  private generation = 0;
  /** What storage held for each cell when this tab last read or wrote it. */
  private known = new Map<CellId, KnownCell>();
  private knownStructure: LocalStructure = unknownStructure();
  private unmatched: readonly UnmatchedEdit[] = [];
  private unmatchedRemoved = new Set<string>();
  private unmatchedAdded: UnmatchedEdit[] = [];
  private loading: Promise<void> = Promise.resolve();
  private writing: Promise<void> | null = null;
  private writeAgain = false;
  private timer: unknown = null;
  private firstPendingAt: number | null = null;
  private retryTimer: unknown = null;
  private retryDelay = RETRY_FIRST_MS;

  constructor(
    private readonly deps: EditSyncDeps,
    private readonly host: EditSyncHost,
  ) {
    this.tab = deps.tab ?? randomId();
    this.uid = deps.uid ?? randomId;
    this.now = deps.now ?? Date.now;
    this.setTimer = deps.setTimer ?? ((fn, delay) => setTimeout(fn, delay));
    this.clearTimer = deps.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    deps.channel?.subscribe((m) => {
      if (m.tab !== this.tab && m.lesson === this.lesson?.id) void this.refresh();
    });
  }

  /** Load the lesson's saved edits; resolves once they are in the store. */
  open(lesson: NotebookLesson): Promise<void> {
    this.flush();
    this.lesson = lesson;
    const generation = ++this.generation;
    this.known = new Map();
    this.knownStructure = unknownStructure();
    this.unmatched = [];
    this.unmatchedRemoved = new Set();
    this.unmatchedAdded = [];
    this.loading = this.read(lesson).then((record) => {
      if (generation === this.generation) this.adopt(lesson, record, 'load');
    });
    return this.loading;
  }

  /** Resolves when the lesson has loaded and every write so far has finished (or failed). */
  async settled(): Promise<void> {
    await this.loading;
    while (this.writing !== null) await this.writing;
  }

  schedule(): void {
    const now = this.now();
    this.firstPendingAt ??= now;
    const wait = Math.max(0, Math.min(QUIET_MS, this.firstPendingAt + MAX_DELAY_MS - now));
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = this.setTimer(() => this.flush(), wait);
  }

  /** Write now (Reset, structure changes, page hidden). */
  flush(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    this.firstPendingAt = null;
    void this.write();
  }

  /** Page hidden: start the write and, if one is still running, also keep the edits in localStorage synchronously. */
  flushBeforeHide(): void {
    const busy = this.writing !== null;
    this.flush();
    const lesson = this.lesson;
    if (!busy || lesson === null || this.deps.emergency == null) return;
    const pending = this.pendingChanges(lesson);
    if (pending.edits.length === 0 && pending.structure === null) return;
    try {
      this.deps.emergency(lesson, (current) => this.merge(lesson, current, pending.edits, pending.structure).record);
    } catch {
      // The write in flight may still succeed; nothing else can be done while the page goes away.
    }
  }

  discardUnmatched(uid: string): void {
    this.unmatchedRemoved.add(uid);
    this.unmatched = this.unmatched.filter((u) => u.uid !== uid);
    this.unmatchedAdded = this.unmatchedAdded.filter((u) => u.uid !== uid);
    this.host.apply({ unmatched: this.unmatched });
    this.flush();
  }

  /** Put an unmatched edit into a cell; what the cell held, if it was the student's, becomes unmatched in turn. */
  applyUnmatched(uid: string, target: CellId): void {
    const { lesson, sources } = this.host.current();
    const edit = this.unmatched.find((u) => u.uid === uid);
    const cell = lesson?.cells.find((c) => c.id === target);
    if (lesson === null || edit === undefined) return;
    const original = cell?.source ?? '';
    const previous = sources[target] ?? original;
    if (previous !== original && previous !== edit.source) {
      this.unmatchedAdded.push({
        uid: this.uid(),
        source: previous,
        base: original,
        savedAt: this.now(),
        reason: 'replaced',
        cellIndex: cell?.index ?? null,
      });
    }
    this.unmatchedRemoved.add(uid);
    this.unmatched = [...this.unmatched.filter((u) => u.uid !== uid), ...this.unmatchedAdded];
    this.host.apply({ sources: { ...sources, [target]: edit.source }, unmatched: this.unmatched });
    this.flush();
  }

  private async read(lesson: NotebookLesson): Promise<EditRecord | null> {
    let record: EditRecord | null;
    try {
      record = await this.deps.backend.load(lesson.id);
    } catch (e) {
      this.host.apply({ saveProblem: `your saved edits could not be read (${describeStorageError(e)})` });
      return null;
    }
    if (record === null || record.lessonHash === lesson.hash)
      return record === null ? null : rebaseRecord(record, lesson, this.now(), this.uid);
    // A new lesson version: move the edits onto its cells once, and save that, so every tab sees the same unmatched list.
    let rebased = rebaseRecord(record, lesson, this.now(), this.uid);
    try {
      await this.deps.backend.update(lesson.id, (current) => {
        if (current !== null) rebased = rebaseRecord(current, lesson, this.now(), this.uid);
        return current === null ? null : rebased;
      });
    } catch {
      // Shown from memory; the next successful write stores it.
    }
    return rebased;
  }

  /** Take what storage says into the store: at load everything, later only cells this tab has not changed. */
  private adopt(lesson: NotebookLesson, record: EditRecord | null, why: 'load' | 'other-tab'): void {
    const { sources, conflicts, structure, knownStructure, changed } = adoptRecord(
      lesson,
      record,
      why,
      this.host.current(),
      this.known,
      this.knownStructure,
    );
    this.knownStructure = knownStructure;
    const before = new Set(this.unmatched.map((u) => u.uid));
    this.unmatched = [...(record?.unmatched ?? []).filter((u) => !this.unmatchedRemoved.has(u.uid)), ...this.unmatchedAdded];
    const newFromOtherTab = this.unmatched.some((u) => !before.has(u.uid) && u.reason === 'other-tab');
    const notice =
      changed.length > 0
        ? `This lesson is also open in another tab; ${cellList(changed)} changed there.${newFromOtherTab ? ' The version this tab had is kept under Unmatched edits.' : ''}`
        : null;
    this.host.apply({
      sources,
      conflicts,
      structure,
      unmatched: this.unmatched,
      ...(notice !== null && { tabNotice: notice }),
    });
  }

  private async refresh(): Promise<void> {
    const lesson = this.lesson;
    const generation = this.generation;
    await this.loading;
    const record = lesson === null ? null : await this.read(lesson);
    if (lesson !== null && generation === this.generation) this.adopt(lesson, record, 'other-tab');
  }

  private pendingChanges(lesson: NotebookLesson): { edits: LocalCellEdit[]; structure: LocalStructure | null; unmatched: boolean } {
    return {
      ...pendingEdits(lesson, this.host.current(), this.known, this.knownStructure),
      unmatched: this.unmatchedRemoved.size > 0 || this.unmatchedAdded.length > 0,
    };
  }

  private merge(lesson: NotebookLesson, current: EditRecord | null, edits: readonly LocalCellEdit[], structure: LocalStructure | null) {
    const now = this.now();
    const base = current === null ? emptyRecord(lesson, now) : rebaseRecord(current, lesson, now, this.uid);
    const written = writeLocalEdits(base, edits, structure, this.tab, now, this.uid);
    const kept = written.record.unmatched.filter((u) => !this.unmatchedRemoved.has(u.uid));
    const extra = this.unmatchedAdded.filter((u) => !kept.some((k) => k.uid === u.uid));
    return { ...written, record: { ...written.record, unmatched: [...kept, ...extra] } };
  }

  private async write(): Promise<void> {
    if (this.writing !== null) {
      this.writeAgain = true;
      return this.writing;
    }
    const lesson = this.lesson;
    if (lesson === null) return;
    // Read synchronously: open() calls this for the lesson being left, before it replaces the store's state.
    // (Edits typed before the load finished are written with revision 0: stored code they replace goes to unmatched.)
    const pending = this.pendingChanges(lesson);
    if (pending.edits.length === 0 && pending.structure === null && !pending.unmatched) return;
    let result: ReturnType<EditSync['merge']> | null = null;
    const generation = this.generation;
    this.writing = this.deps.backend
      .update(lesson.id, (current) => (result = this.merge(lesson, current, pending.edits, pending.structure)).record)
      .then(
        () => this.written(lesson, generation, pending.edits, pending.structure, result),
        (e: unknown) => {
          this.host.apply({ saveProblem: `${describeStorageError(e)}` });
          this.scheduleRetry();
        },
      )
      .finally(() => {
        this.writing = null;
        if (this.writeAgain) {
          this.writeAgain = false;
          void this.write();
        }
      });
    return this.writing;
  }

  private written(
    lesson: NotebookLesson,
    generation: number,
    edits: readonly LocalCellEdit[],
    structure: LocalStructure | null,
    result: ReturnType<EditSync['merge']> | null,
  ): void {
    this.retryDelay = RETRY_FIRST_MS;
    if (this.retryTimer !== null) this.clearTimer(this.retryTimer);
    this.retryTimer = null;
    if (generation !== this.generation || result === null) return;
    for (const e of edits) {
      const rev = result.revs.get(e.id) ?? 0;
      if (rev === 0) this.known.delete(e.id);
      else this.known.set(e.id, { source: e.source, base: e.base, rev });
    }
    if (structure !== null) {
      const ids = new Set([...structure.known, ...result.record.added.map((a) => a.id)]);
      this.knownStructure = { added: structure.added, deleted: structure.deleted, seenRev: result.record.structureRev, known: ids };
    }
    const stored = new Set(result.record.unmatched.map((u) => u.uid));
    this.unmatchedAdded = this.unmatchedAdded.filter((u) => !stored.has(u.uid));
    this.unmatched = [...result.record.unmatched.filter((u) => !this.unmatchedRemoved.has(u.uid)), ...this.unmatchedAdded];
    const indexes = result.overwritten
      .map((id) => lesson.cells.find((c) => c.id === id)?.index)
      .filter((i): i is number => i !== undefined);
    const notice =
      indexes.length > 0
        ? `This lesson is also open in another tab; ${cellList(indexes)} changed there too. This tab's version is saved; the other is kept under Unmatched edits.`
        : null;
    this.host.apply({ saveProblem: null, unmatched: this.unmatched, ...(notice !== null && { tabNotice: notice }) });
    this.deps.channel?.post(changedMessage(lesson.id, this.tab));
  }

  private scheduleRetry(): void {
    if (this.retryTimer !== null) return;
    this.retryTimer = this.setTimer(() => {
      this.retryTimer = null;
      void this.write();
    }, this.retryDelay);
    this.retryDelay = Math.min(RETRY_MAX_MS, this.retryDelay * 2);
  }
}
