// Freeing an ArrayBuffer at once instead of when the garbage collector gets to it (worker, page; Node).
// Why: a Blob range read with FileReaderSync (file-range.ts) is an ArrayBuffer Blink allocated, and
// Blink keeps its own reference to that memory until a full garbage collection, which V8 starts late
// while onnxruntime copies a checkpoint into its heap: a probe in Chromium 156 that read 900 MiB in
// 9 MiB ranges and copied each into a WebAssembly.Memory kept all 864 MiB of those buffers resident
// until the end; `buffer.transfer(0)` and `structuredClone(…, { transfer })` kept them too.
// Transferring the buffer into a message on a port whose other end is closed moves the memory out of
// the buffer into a message nobody can receive, which is dropped at once: the same probe ended
// 957 MiB over its start instead of 1,808 MiB, as low as reading into the heap from OPFS
// (bench/NOTES-blip-hub.md, "Freeing what FileReaderSync read").

let sink: MessagePort | null = null;

function closedPort(): MessagePort | null {
  if (sink !== null) return sink;
  if (typeof MessageChannel !== 'function') return null;
  const channel = new MessageChannel();
  channel.port2.close();
  sink = channel.port1;
  return sink;
}

/**
 * Detaches `buffer` and frees its memory now. Only for a buffer nothing else views (it reads as
 * empty afterwards). Where there is no MessageChannel, or the buffer cannot be transferred (a
 * SharedArrayBuffer, a WebAssembly memory), it is left to the garbage collector.
 */
export function freeBufferNow(buffer: ArrayBuffer): void {
  const port = closedPort();
  if (port === null || buffer.byteLength === 0) return;
  try {
    port.postMessage(null, [buffer]);
  } catch {
    // Not transferable (e.g. a WebAssembly.Memory's buffer): the garbage collector frees it.
  }
}
