// Is a downloaded file what its name says? Checked before a model file is
// kept in the cache (app/models/model-cache.ts): a server that answers a wrong URL with
// a 200 HTML page ("not found", a login page, a folder listing) must give a
// message that names the file and says what came instead, and must leave
// nothing cached, so a retry after the URL or the server is fixed downloads
// again.

export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** Bytes looked at to tell HTML or text from a binary file: enough for a doctype after a BOM and blank lines. */
export const SNIFF = 512;

/** A page a web server sends, not a model file: starts (after a BOM and whitespace) with a tag. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, SNIFF)).replace(/^\ufeff/, '').trimStart().toLowerCase();
  return /^<(?:!--|!doctype\s+html\b|\?xml\b|(?:html|head|body|title|meta|script|div|p|h1|pre)\b)/.test(head);
}

const hex = (bytes: Uint8Array): string => Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * Throws a ModelFileError when `bytes`, downloaded from `url`, cannot be the
 * file its name says: `.json` must parse, `.onnx` must start like an ONNX
 * ModelProto (field 1, ir_version, a varint: byte 0x08, as every exporter
 * writes it). Other files are accepted as they are.
 */
export function checkModelFile(url: string, bytes: Uint8Array): void {
  const path = new URL(url, 'http://x/').pathname.toLowerCase();
  const html = looksLikeHtml(bytes);
  if (html) throw new ModelFileError(`${url} is not a model file (the server sent an HTML page): check the URL`);
  if (path.endsWith('.json')) {
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      throw new ModelFileError(`${url} is not a model file (not UTF-8 text, so not JSON): check the URL`);
    }
    try {
      JSON.parse(text);
    } catch (e) {
      throw new ModelFileError(`${url} is not valid JSON (${e instanceof Error ? e.message : String(e)}): check the URL`);
    }
  } else if (path.endsWith('.onnx')) {
    if (bytes.length === 0) throw new ModelFileError(`${url} is empty, not an ONNX model: check the URL`);
    if (bytes[0] !== 0x08) throw new ModelFileError(`${url} is not an ONNX model (it starts with bytes ${hex(bytes)}, an ONNX file with 08): check the URL`);
  }
}
