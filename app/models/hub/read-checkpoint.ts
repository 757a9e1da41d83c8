// Either checkpoint format, told apart by its first bytes (a zip starts "PK\3\4";
// safetensors with its header length), not by the file's name.
import type { Checkpoint } from './checkpoint.ts';
import { bytesRange, type FileRange } from './file-range.ts';
import { readSafetensorsRange } from './safetensors.ts';
import { readTorchBinRange } from './torch-bin.ts';

export function readCheckpoint(file: Uint8Array<ArrayBuffer>, source: string): Checkpoint {
  return readCheckpointRange(bytesRange(file, source));
}

/** From a file range: held in memory (views), or a Blob read range by range (file-range.ts). */
export function readCheckpointRange(file: FileRange): Checkpoint {
  const head = file.read(0, Math.min(4, file.size));
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
  return zip ? readTorchBinRange(file) : readSafetensorsRange(file);
}
