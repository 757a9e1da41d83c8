import { describe, expect, it } from 'vitest';
import { checkModelFile, ModelFileError } from './check-file.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
const ERROR_PAGE = '\n  <!DOCTYPE html>\n<html><head><title>404</title></head><body>Not found</body></html>';
const failure = (url: string, b: Uint8Array): string => {
  try {
    checkModelFile(url, b);
  } catch (e) {
    if (e instanceof ModelFileError) return e.message;
    throw e;
  }
  return 'passed';
};

describe('checkModelFile', () => {
  it('names an HTML page sent for any model file', () => {
    const url = 'http://localhost:8000/blip/config.json';
    expect(failure(url, bytes(ERROR_PAGE))).toBe(`${url} is not a model file (the server sent an HTML page): check the URL`);
    expect(failure('http://h/m/vision_model.onnx', bytes('\ufeff<html lang="en">'))).toBe('http://h/m/vision_model.onnx is not a model file (the server sent an HTML page): check the URL');
    expect(failure('http://h/m/tokenizer.json', bytes('<!-- proxy --><p>denied</p>'))).toContain('the server sent an HTML page');
  });

  it('JSON must parse; the parser\'s reason is kept', () => {
    expect(failure('http://h/m/config.json', bytes('{"architectures": ["BlipForConditionalGeneration"]}'))).toBe('passed');
    expect(failure('http://h/m/config.json', bytes('{"a": 1,'))).toMatch(/^http:\/\/h\/m\/config\.json is not valid JSON \(.+\): check the URL$/);
    expect(failure('http://h/m/config.json', new Uint8Array([0xff, 0xfe, 0x7b, 0x00]))).toBe('http://h/m/config.json is not a model file (not UTF-8 text, so not JSON): check the URL');
  });

  it('ONNX must start with field 1 (ir_version)', () => {
    expect(failure('http://h/m/vision_model.onnx', new Uint8Array([0x08, 0x08, 0x12, 0x07]))).toBe('passed');
    expect(failure('http://h/m/vision_model.onnx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00]))).toBe('http://h/m/vision_model.onnx is not an ONNX model (it starts with bytes 50 4b 03 04, an ONNX file with 08): check the URL');
    expect(failure('http://h/m/vision_model.onnx', new Uint8Array())).toBe('http://h/m/vision_model.onnx is empty, not an ONNX model: check the URL');
  });

  it('other files pass as they are; a query string does not hide the extension', () => {
    expect(failure('http://h/m/vocab.txt', bytes('a\nb\n'))).toBe('passed');
    expect(failure('http://h/m/config.json?download=1', bytes('nope'))).toMatch(/is not valid JSON/);
  });
});
