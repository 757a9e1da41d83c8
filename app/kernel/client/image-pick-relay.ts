// The page side of a running cell's pickImage() (page): hands the kernel's
// `pick-image` request to the run's UI (`onPickImage`) as an ImagePickRequest
// and posts the answer once, checked first (app/kernel/pick-check.ts), to the
// worker that asked and only while that run is still the one in flight. A run
// without `onPickImage` (an exercise's checks) is refused at once. KernelClient
// makes one and clears it when a run or its worker ends.
import type { BoundPoster } from '../../shared/worker-rpc.ts';
import type { KernelRequest, PickImageAnswer } from '../protocol.ts';
import { pickedFileProblem } from '../pick-check.ts';
import type { ImagePickRequest } from './run-types.ts';

export class ImagePickRelay {
  /** pickImage() requests of the active run not answered yet. */
  readonly #picks = new Set<number>();

  /** The run or its worker ended: nothing more is posted for the requests open now. */
  clear(): void {
    this.#picks.clear();
  }

  /**
   * Request `id` of the run in flight. `post` is bound to the worker that asked; `stillRunning` says
   * whether that run is still the client's own (an answer after it ended is not posted).
   */
  ask(
    id: number,
    label: string,
    onPick: ((request: ImagePickRequest) => void) | undefined,
    post: BoundPoster<KernelRequest>,
    stillRunning: () => boolean,
  ): void {
    if (this.#picks.has(id)) return;
    const send = (answer: PickImageAnswer): boolean => {
      if (!stillRunning() || !this.#picks.has(id)) return false;
      if (!post.post({ type: 'pick-image-answer', answer })) return false;
      this.#picks.delete(id);
      return true;
    };
    this.#picks.add(id);
    if (onPick === undefined) {
      send({ id, ok: false, message: 'pickImage() needs the notebook page to show a picker; this run has none' });
      return;
    }
    onPick({
      id,
      label,
      choose: (file) => {
        const problem = pickedFileProblem(file);
        if (problem !== null) return problem;
        return send({ id, ok: true, file }) ? null : 'the cell is no longer waiting for an image';
      },
      cancel: (message) => {
        send({ id, ok: false, message });
      },
    });
  }
}
