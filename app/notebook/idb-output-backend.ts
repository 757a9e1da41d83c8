// Saved outputs in IndexedDB (runs on the page): database `qlab-outputs`,
// object store `outputs`, one record per lesson keyed by lesson id (schema:
// output-record.ts). A database of its own, not a store in the edits' `qlab`
// database: the two never share a transaction or a version upgrade, so a
// failing or blocked output write cannot hold up a write of the student's code.
import type { LessonId } from '../shared/brand.ts';
import type { OutputBackend } from './output-backend.ts';
import { isEmptyOutputRecord, readOutputRecord, type OutputRecord } from './output-record.ts';
import { IdbConnection, idbFailure } from './idb-connection.ts';

const DB_NAME = 'qlab-outputs';
const DB_VERSION = 1;
const STORE = 'outputs';

export class IndexedDbOutputBackend implements OutputBackend {
  private readonly connection: IdbConnection;

  constructor(factory: IDBFactory) {
    this.connection = new IdbConnection(factory, DB_NAME, DB_VERSION, STORE, 'opening the outputs database');
  }

  private open(): Promise<IDBDatabase> {
    return this.connection.open();
  }

  async load(lesson: LessonId): Promise<OutputRecord | null> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(lesson);
      request.onsuccess = () => resolve(readOutputRecord(request.result));
      request.onerror = () => reject(idbFailure(request.error, 'reading saved outputs'));
    });
  }

  async update(lesson: LessonId, change: (current: OutputRecord | null) => OutputRecord | null): Promise<void> {
    const db = await this.open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const get = store.get(lesson);
      get.onsuccess = () => {
        let next: OutputRecord | null;
        try {
          next = change(readOutputRecord(get.result));
        } catch (e) {
          tx.abort();
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (next === null || isEmptyOutputRecord(next)) store.delete(lesson);
        else store.put(next, lesson);
      };
      // Resolved only when the transaction is durable; quota errors surface here, at commit.
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(idbFailure(tx.error, 'saving outputs'));
      tx.onabort = () => reject(idbFailure(tx.error, 'saving outputs'));
    });
  }
}
