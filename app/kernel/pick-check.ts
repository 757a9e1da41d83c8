// pickImage's checks, shared by both sides of the kernel boundary: the page (client/kernel-client.ts,
// client/event-check.ts) before it sends a picked file, and the worker (runtime/image-pick.ts) when
// the answer arrives. Data only: nothing here runs a picker.
import type { PickImageAnswer } from './protocol.ts';

/** The largest picked image accepted (a phone photo is 3–12 MB). Checked on both sides. */
export const MAX_PICKED_BYTES = 64 * 1024 * 1024;
export const MAX_PICK_LABEL = 200;

/** Why `answer` is not a usable picked image, or null. Shared by the page (before sending) and the kernel. */
export function pickedFileProblem(file: unknown): string | null {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) return 'the answer carries no file';
  if (file.size === 0) return 'the chosen file is empty';
  if (file.size > MAX_PICKED_BYTES)
    return `the chosen file is ${(file.size / 1e6).toFixed(1)} MB; at most ${MAX_PICKED_BYTES / 1024 / 1024} MiB is accepted`;
  if (file.type !== '' && !file.type.startsWith('image/')) return `the chosen file is ${file.type}, not an image`;
  return null;
}

/** The answer, if `data` has its shape (an id, and a file or a message); null otherwise. */
export function checkPickAnswer(data: unknown): PickImageAnswer | null {
  if (typeof data !== 'object' || data === null || !('id' in data) || !('ok' in data)) return null;
  const { id, ok } = data;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return null;
  if (ok === true && 'file' in data && typeof Blob !== 'undefined' && data.file instanceof Blob) return { id, ok: true, file: data.file };
  if (ok === false && 'message' in data && typeof data.message === 'string') return { id, ok: false, message: data.message };
  if (ok === true) return { id, ok: false, message: 'the page sent no file' };
  return null;
}
