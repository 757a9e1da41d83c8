// BlipImageProcessor's preprocessor_config.json (transformers 4.x) → the settings preprocessBlip
// takes. `size` is {height, width} or a plain int (the Hub's blip-base file has 384); only
// Pillow's BICUBIC (resample 3) is implemented, anything else is refused by name.
import type { PreprocessorConfig } from '../blip/preprocess.ts';

export class PreprocessorConfigError extends Error {
  override name = 'PreprocessorConfigError';
}

type Json = Readonly<Record<string, unknown>>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function triple(c: Json, key: string): number[] {
  const v = c[key];
  if (!Array.isArray(v) || v.length !== 3 || v.some((x) => typeof x !== 'number')) throw new PreprocessorConfigError(`preprocessor_config.json ${key}: expected three numbers, got ${JSON.stringify(v)}`);
  return v.map(Number);
}

export function hubPreprocessor(raw: unknown): PreprocessorConfig {
  if (!isObject(raw)) throw new PreprocessorConfigError('preprocessor_config.json: expected a JSON object');
  const size = raw['size'];
  const side = (v: unknown, what: string): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new PreprocessorConfigError(`preprocessor_config.json size${what}: expected a positive integer, got ${JSON.stringify(v)}`);
    return v;
  };
  const hw = typeof size === 'number' ? { height: side(size, ''), width: side(size, '') }
    : isObject(size) ? { height: side(size['height'], '.height'), width: side(size['width'], '.width') }
      : (() => { throw new PreprocessorConfigError(`preprocessor_config.json size: expected an int or {height, width}, got ${JSON.stringify(size)}`); })();
  const resample = raw['resample'] ?? 3;
  if (resample !== 3) throw new PreprocessorConfigError(`preprocessor_config.json resample is ${JSON.stringify(resample)}; only 3 (PIL BICUBIC) is implemented`);
  const flag = (key: string): boolean => {
    const v = raw[key] ?? true;
    if (typeof v !== 'boolean') throw new PreprocessorConfigError(`preprocessor_config.json ${key}: expected true or false`);
    return v;
  };
  const factor = raw['rescale_factor'] ?? 1 / 255;
  if (typeof factor !== 'number') throw new PreprocessorConfigError('preprocessor_config.json rescale_factor: expected a number');
  return { size: hw, rescale_factor: factor, image_mean: triple(raw, 'image_mean'), image_std: triple(raw, 'image_std'), do_resize: flag('do_resize'), do_rescale: flag('do_rescale'), do_normalize: flag('do_normalize') };
}
