// One IndexedDB database with one object store, opened lazily and shared by the page's
// backends (edits: idb-edit-backend.ts; saved outputs: idb-output-backend.ts).

export const idbFailure = (error: DOMException | null, what: string): Error => error ?? new Error(`IndexedDB: ${what} failed`);

export class IdbConnection {
  private db: Promise<IDBDatabase> | null = null;

  constructor(
    private readonly factory: IDBFactory,
    private readonly name: string,
    private readonly version: number,
    private readonly store: string,
    /** What opening it is, for the error message ("opening the database"). */
    private readonly what: string,
  ) {}

  open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = this.factory.open(this.name, this.version);
      request.onupgradeneeded = () => {
        if (!request.result.objectStoreNames.contains(this.store)) request.result.createObjectStore(this.store);
      };
      request.onsuccess = () => {
        const db = request.result;
        // Another tab of a newer release wants to upgrade: let it, and reopen next time.
        db.onversionchange = () => {
          db.close();
          this.db = null;
        };
        resolve(db);
      };
      request.onerror = () => reject(idbFailure(request.error, this.what));
      request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab of this site'));
    });
    // A failed open is retried on the next call (storage may have been freed, or a setting changed).
    this.db.catch(() => (this.db = null));
    return this.db;
  }
}
