// `await pickImage(label?)` (kernel worker side): the running cell asks the page for an image
// the student chooses (file picker, drop, paste or camera, app/ui/ImagePicker.tsx) and gets a
// File. The request is a protocol event carrying the run's id and nonce, so the page shows the
// picker under that cell only while it runs; the page's answer is checked here too (an id we
// are waiting for, a File/Blob of at most MAX_PICKED_BYTES). Interrupt terminates the worker,
// which ends the waiting cell with "Interrupted"; the page's Cancel rejects it with an error.
import type { KernelEvent } from '../protocol.ts';
import { checkPickAnswer, MAX_PICK_LABEL, pickedFileProblem } from '../pick-check.ts';
import type { CellId, RunId } from '../../shared/brand.ts';

export class ImagePickError extends Error {
  override name = 'ImagePickError';
}

interface PickingRun {
  readonly runId: RunId;
  readonly cellId: CellId;
  readonly nonce: string;
}

interface Waiting {
  readonly resolve: (file: File) => void;
  readonly reject: (error: Error) => void;
}

export class ImagePicks {
  readonly #post: (event: KernelEvent) => void;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;

  constructor(post: (event: KernelEvent) => void) {
    this.#post = post;
  }

  /** Asks the page on behalf of `run` (null: no cell is running now, e.g. a timer after its cell ended). */
  pick(run: PickingRun | null, label: unknown): Promise<File> {
    if (run === null)
      return Promise.reject(
        new ImagePickError(
          'pickImage() waits for the student while its cell runs; call it from the cell itself (with await), not from a timer after the cell finished',
        ),
      );
    if (label !== undefined && typeof label !== 'string')
      return Promise.reject(new TypeError(`pickImage(label): the label is a string, got ${typeof label}`));
    const text = (label ?? 'Choose an image').slice(0, MAX_PICK_LABEL);
    const id = this.#nextId++;
    return new Promise<File>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.#post({ type: 'pick-image', runId: run.runId, cellId: run.cellId, nonce: run.nonce, id, label: text });
    });
  }

  /** The page's answer (its shape checked here too: this runs beside cell code, and the answer crossed a port). */
  answer(data: unknown): void {
    const answer = checkPickAnswer(data);
    if (answer === null) return;
    const waiting = this.#waiting.get(answer.id);
    if (waiting === undefined) return;
    this.#waiting.delete(answer.id);
    if (!answer.ok) return waiting.reject(new ImagePickError(answer.message.slice(0, 500)));
    const problem = pickedFileProblem(answer.file);
    if (problem !== null) return waiting.reject(new ImagePickError(`pickImage(): ${problem}`));
    const file = answer.file;
    waiting.resolve(file instanceof File ? file : new File([file], 'image', { type: file.type }));
  }

  /** Pending picks of a run that ended are rejected (the page has removed their pickers). */
  endRun(): void {
    for (const w of this.#waiting.values()) w.reject(new ImagePickError('the cell finished before an image was chosen'));
    this.#waiting.clear();
  }

  get pending(): number {
    return this.#waiting.size;
  }
}
