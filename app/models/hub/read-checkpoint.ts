// Either checkpoint format, told apart by its first bytes (a zip starts "PK\3\4";
// safetensors with its header length), not by the file's name.
import type { Checkpoint } from './checkpoint.ts';
import { readSafetensors } from './safetensors.ts';
import { readTorchBin } from './torch-bin.ts';

export function readCheckpoint(file: Uint8Array<ArrayBuffer>, source: string): Checkpoint {
  const zip = file.length >= 4 && file[0] === 0x50 && file[1] === 0x4b && file[2] === 0x03 && file[3] === 0x04;
  return zip ? readTorchBin(file, source) : readSafetensors(file, source);
}
