/**
 * Errors the `torch` namespace throws, named as Python names them, so a student sees the same
 * first word PyTorch would print. The rule (issue 11): a call either does exactly what PyTorch 1.13
 * does, or throws NotImplementedError naming the call and the argument it does not support.
 */

/** A form of a call PyTorch accepts that this notebook does not implement (never silently ignored). */
export class NotImplementedError extends Error {
  override readonly name = 'NotImplementedError';
}

/** Python's AttributeError: `torch.int7`, `t.amaxx`. */
export class AttributeError extends Error {
  override readonly name = 'AttributeError';
}

/** `NotImplementedError: torch.Tensor.sum(dim=…, dtype=…) — dtype= is not supported here`. */
export function notSupported(call: string, what: string): NotImplementedError {
  return new NotImplementedError(`${call} — ${what} is not supported here`);
}
