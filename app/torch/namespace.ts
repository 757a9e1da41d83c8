/**
 * A module-like object whose unknown attributes throw Python's AttributeError, so a typo such as
 * `torch.int7` or `torch.amaxx(t)` fails where it was written, with PyTorch's words, instead of
 * passing `undefined` on to a confusing error later.
 *
 * Runs wherever `torch` is used (worker, page, Node). Some code probes objects for optional
 * members — `await` looks up `then`, JSON.stringify `toJSON`, React `$$typeof`, Vitest's printer
 * `asymmetricMatch`/`nodeType`, bundlers `__esModule`, Node's inspect a symbol — and those must
 * keep answering `undefined`: symbols and the names in PROBES do.
 */
import { AttributeError } from './errors.ts';

const PROBES: ReadonlySet<string> = new Set([
  'then',
  'toJSON',
  '$$typeof',
  'asymmetricMatch',
  'nodeType',
  'tagName',
  '_isMockFunction',
  '__esModule',
  '@@__IMMUTABLE_ITERABLE__@@',
  '@@__IMMUTABLE_RECORD__@@',
  '@@__IMMUTABLE_KEYED__@@',
  '@@__IMMUTABLE_ORDERED__@@',
]);

export function strictNamespace<T extends object>(moduleName: string, members: T): T {
  return new Proxy(members, {
    get(target, key, receiver) {
      if (typeof key === 'symbol' || key in target || PROBES.has(key)) return Reflect.get(target, key, receiver) as unknown;
      throw new AttributeError(`module '${moduleName}' has no attribute '${key}'`);
    },
  });
}
