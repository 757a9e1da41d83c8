// Page side: tells the "Cell deleted · Undo" toast that a cell was just deleted,
// whichever control deleted it (the cell menu, D D in command mode). A tiny
// publish/subscribe, so the toast needs no state in the notebook store.

export interface DeletedCell {
  /** The cell's accessible name when it was deleted ("Cell 3", "New cell 1"). */
  readonly label: string;
}

type Listener = (deleted: DeletedCell) => void;
const listeners = new Set<Listener>();

export function reportDeleted(deleted: DeletedCell): void {
  for (const l of listeners) l(deleted);
}

export function onDeleted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
