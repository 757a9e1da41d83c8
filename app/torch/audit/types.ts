/**
 * Issue 11's audit: how each `torch.X` function and `Tensor.X` method relates to PyTorch 1.13.
 * Each area keeps its own table (`audit/<area>.ts`); `audit.test.ts` checks that every member of
 * `torch` and of `Tensor.prototype` is in exactly one table and that every refusal throws.
 */
export interface AuditEntry {
  /**
   * 'exact': every form PyTorch accepts gives PyTorch's values, dtype, shape and printing.
   * 'refuses': the forms listed in `refuses` throw NotImplementedError; all others are exact.
   * 'ours': not in PyTorch (a notebook helper such as `fromStorage`); documented, never a lookalike.
   */
  readonly status: 'exact' | 'refuses' | 'ours';
  /** The arguments/forms refused, e.g. `['dtype=', 'out=']`; empty unless status is 'refuses'. */
  readonly refuses: readonly string[];
}

/** Keys are `torch.sum`, `Tensor.sum`, `torch.float32` (attributes count too). */
export type AuditTable = Readonly<Record<string, AuditEntry>>;
