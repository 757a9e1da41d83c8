// ImageData → PNG data URL. Browsers encode with OffscreenCanvas; where that
// is missing (Node, in tests) a minimal encoder writes uncompressed PNG
// (deflate "stored" blocks), which every decoder accepts.

import { chunkBytes } from '../../models/image/png-chunks.ts';

export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

export const isImageDataLike = (value: unknown): value is ImageDataLike =>
  typeof value === 'object' &&
  value !== null &&
  'width' in value &&
  typeof value.width === 'number' &&
  'height' in value &&
  typeof value.height === 'number' &&
  'data' in value &&
  value.data instanceof Uint8ClampedArray &&
  value.data.length === value.width * value.height * 4;

export async function imageDataToPngUrl(image: ImageDataLike): Promise<string> {
  if (typeof OffscreenCanvas !== 'undefined' && typeof ImageData !== 'undefined') {
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    if (context) {
      context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
      return blobToDataUrl(await canvas.convertToBlob({ type: 'image/png' }));
    }
  }
  return `data:image/png;base64,${bytesToBase64(encodePng(image))}`;
}

export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  return `data:${blob.type || 'application/octet-stream'};base64,${bytesToBase64(bytes)}`;
}

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary);
}

export function encodePng(image: ImageDataLike): Uint8Array {
  const rowLength = image.width * 4 + 1;
  const raw = new Uint8Array(rowLength * image.height);
  for (let y = 0; y < image.height; y++) {
    // Each row starts with filter type 0 (none).
    raw.set(image.data.subarray(y * image.width * 4, (y + 1) * image.width * 4), y * rowLength + 1);
  }
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, image.width);
  view.setUint32(4, image.height);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return concat([
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunkBytes('IHDR', header),
    chunkBytes('IDAT', zlibStored(raw)),
    chunkBytes('IEND', new Uint8Array(0)),
  ]);
}

function zlibStored(data: Uint8Array): Uint8Array {
  const blocks: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  const maxBlock = 0xffff;
  for (let offset = 0; offset < data.length || offset === 0; offset += maxBlock) {
    const part = data.subarray(offset, offset + maxBlock);
    const last = offset + maxBlock >= data.length ? 1 : 0;
    blocks.push(new Uint8Array([last, part.length & 0xff, part.length >> 8, ~part.length & 0xff, (~part.length >> 8) & 0xff]), part);
    if (data.length === 0) break;
  }
  const adler = new Uint8Array(4);
  new DataView(adler.buffer).setUint32(0, adler32(data));
  blocks.push(adler);
  return concat(blocks);
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
