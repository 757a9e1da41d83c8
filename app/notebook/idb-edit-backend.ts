// Edit records in IndexedDB (runs on the page): database `qlab`, object store
// `edits`, one record per lesson keyed by lesson id (schema: edit-record.ts).
// A write reads and writes the record in one readwrite transaction, which the
// browser serialises across tabs, so two tabs' writes cannot interleave.
import type { LessonId } from '../shared/brand.ts';
import type { EditBackend } from './edit-backend.ts';
import { isEditRecord, isEmptyRecord, type EditRecord } from './edit-record.ts';
import { IdbConnection, idbFailure } from './idb-connection.ts';

const DB_NAME = 'qlab';
const DB_VERSION = 1;
const STORE = 'edits';

export class IndexedDbEditBackend implements EditBackend {
  readonly name = 'IndexedDB';
  private readonly connection: IdbConnection;

  constructor(factory: IDBFactory) {
    this.connection = new IdbConnection(factory, DB_NAME, DB_VERSION, STORE, 'opening the database');
  }

  private open(): Promise<IDBDatabase> {
    return this.connection.open();
  }

  async load(lesson: LessonId): Promise<EditRecord | null> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(lesson);
      request.onsuccess = () => {
        const value: unknown = request.result;
        resolve(isEditRecord(value) ? value : null);
      };
      request.onerror = () => reject(idbFailure(request.error, 'reading'));
    });
  }

  async update(lesson: LessonId, change: (current: EditRecord | null) => EditRecord | null): Promise<void> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const get = store.get(lesson);
      get.onsuccess = () => {
        const current: unknown = get.result;
        let next: EditRecord | null;
        try {
          next = change(isEditRecord(current) ? current : null);
        } catch (e) {
          tx.abort();
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (next === null || isEmptyRecord(next)) store.delete(lesson);
        else store.put(next, lesson);
      };
      // Resolved only when the transaction is durable; quota errors surface here, at commit.
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(idbFailure(tx.error, 'writing'));
      tx.onabort = () => reject(idbFailure(tx.error, 'writing'));
    });
  }
}

/** Ask once, quietly, that the browser keep this site's storage under pressure (edits are the student's work). */
export async function askPersistentStorage(storage: StorageManager | undefined): Promise<boolean> {
  if (storage?.persist === undefined) return false;
  try {
    if (await storage.persisted()) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}
