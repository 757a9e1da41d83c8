// The picker a running cell's `await pickImage(label)` shows in its output area (page side):
// a file input, a drop zone that also takes a pasted image, and "Use camera" where the browser
// offers getUserMedia (a captured frame is sent as a PNG). It renders and dispatches only: the
// choice goes to the ImagePickRequest, which checks it and sends it to the kernel
// (app/kernel/client/kernel-client.ts); a refusal (too big, not an image) is shown here and the picker
// stays. Nothing here blocks the page; the cell waits in the kernel's worker.
import { useEffect, useRef, useState, type ClipboardEvent, type DragEvent } from 'react';
import type { ImagePickRequest } from '../kernel/client/run-types.ts';

type PickState =
  | { readonly kind: 'waiting'; readonly problem: string | null }
  | { readonly kind: 'camera'; readonly problem: string | null }
  | { readonly kind: 'sent'; readonly name: string; readonly bytes: number }
  | { readonly kind: 'cancelled' };

const hasCamera = (): boolean => typeof navigator !== 'undefined' && typeof navigator.mediaDevices?.getUserMedia === 'function';
const size = (bytes: number): string => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`);

/** The first file of a drop or paste (a pasted screenshot arrives as an item, not always in `files`). */
function firstFile(data: DataTransfer | null): File | null {
  if (data === null) return null;
  if (data.files.length > 0) return data.files[0] ?? null;
  for (const item of Array.from(data.items)) if (item.kind === 'file') return item.getAsFile();
  return null;
}

export function ImagePicker({ request, cellLabel }: { readonly request: ImagePickRequest; readonly cellLabel: string }) {
  const [state, setState] = useState<PickState>({ kind: 'waiting', problem: null });
  const stream = useRef<MediaStream | null>(null);
  const video = useRef<HTMLVideoElement | null>(null);
  const stopCamera = (): void => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
  };
  useEffect(() => stopCamera, []);

  const choose = (file: File | null): void => {
    if (file === null) return setState({ kind: 'waiting', problem: 'no file was dropped or pasted' });
    const problem = request.choose(file);
    if (problem === null) {
      stopCamera();
      setState({ kind: 'sent', name: file.name, bytes: file.size });
    } else setState({ kind: 'waiting', problem: `${file.name}: ${problem}` });
  };
  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    choose(firstFile(e.dataTransfer));
  };
  const onPaste = (e: ClipboardEvent<HTMLDivElement>): void => {
    const file = firstFile(e.clipboardData);
    if (file === null) return;
    e.preventDefault();
    choose(file);
  };
  const openCamera = async (): Promise<void> => {
    try {
      stream.current = await navigator.mediaDevices.getUserMedia({ video: true, audio: false });
      setState({ kind: 'camera', problem: null });
    } catch (e) {
      setState({ kind: 'waiting', problem: `the camera could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    }
  };
  useEffect(() => {
    if (state.kind === 'camera' && video.current !== null && stream.current !== null) {
      video.current.srcObject = stream.current;
      void video.current.play().catch(() => undefined);
    }
  }, [state.kind]);
  const capture = (): void => {
    const v = video.current;
    if (v === null || v.videoWidth === 0) return setState({ kind: 'camera', problem: 'the camera has not sent a picture yet' });
    const canvas = document.createElement('canvas');
    [canvas.width, canvas.height] = [v.videoWidth, v.videoHeight];
    canvas.getContext('2d')?.drawImage(v, 0, 0);
    canvas.toBlob((blob) => {
      if (blob === null) return setState({ kind: 'camera', problem: 'the frame could not be encoded' });
      choose(new File([blob], 'camera.png', { type: 'image/png' }));
    }, 'image/png');
  };
  const cancel = (): void => {
    stopCamera();
    request.cancel('pickImage(): no image was chosen (Cancel)');
    setState({ kind: 'cancelled' });
  };

  if (state.kind === 'sent')
    return (
      <p className="image-pick image-pick-done" role="status">
        Image sent to the cell: {state.name} ({size(state.bytes)})
      </p>
    );
  if (state.kind === 'cancelled')
    return (
      <p className="image-pick image-pick-done" role="status">
        No image chosen.
      </p>
    );
  const inputId = `image-pick-${request.id}-${cellLabel.replace(/\W+/g, '-')}`;
  return (
    <div className="image-pick" role="group" aria-label={`${request.label} (${cellLabel})`}>
      <div
        className="image-pick-drop"
        tabIndex={0}
        aria-label="Drop or paste an image here"
        onDragOver={(e) => e.preventDefault()}
        onDrop={onDrop}
        onPaste={onPaste}
      >
        <strong>{request.label}</strong>
        <span> — drop an image here, paste one (focus here, Ctrl/Cmd-V), or </span>
        <label htmlFor={inputId}>choose a file: </label>
        <input id={inputId} type="file" accept="image/*" onChange={(e) => choose(e.currentTarget.files?.[0] ?? null)} />
      </div>
      {state.kind === 'camera' ? (
        <div className="image-pick-camera">
          <video ref={video} muted playsInline aria-label="Camera preview" />
          <button type="button" onClick={capture}>
            Capture
          </button>
        </div>
      ) : (
        hasCamera() && (
          <button type="button" onClick={() => void openCamera()}>
            Use camera
          </button>
        )
      )}{' '}
      <button type="button" onClick={cancel}>
        Cancel
      </button>
      {state.problem !== null && (
        <p className="image-pick-problem" role="alert">
          {state.problem}
        </p>
      )}
    </div>
  );
}
