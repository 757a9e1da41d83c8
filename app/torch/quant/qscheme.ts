// torch.qscheme singletons: `torch.per_tensor_affine` etc. Compared by identity, printed as
// PyTorch prints them (`torch.per_channel_affine`).

export type QSchemeName = 'per_tensor_affine' | 'per_tensor_symmetric' | 'per_channel_affine' | 'per_channel_symmetric';

export class QScheme<N extends QSchemeName = QSchemeName> {
  constructor(readonly name: N) {
    Object.freeze(this);
  }

  get perChannel(): boolean {
    return this.name === 'per_channel_affine' || this.name === 'per_channel_symmetric';
  }

  get symmetric(): boolean {
    return this.name === 'per_tensor_symmetric' || this.name === 'per_channel_symmetric';
  }

  toString(): string {
    return `torch.${this.name}`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export const per_tensor_affine = new QScheme('per_tensor_affine');
export const per_tensor_symmetric = new QScheme('per_tensor_symmetric');
export const per_channel_affine = new QScheme('per_channel_affine');
export const per_channel_symmetric = new QScheme('per_channel_symmetric');

export const QSCHEMES = Object.freeze({ per_tensor_affine, per_tensor_symmetric, per_channel_affine, per_channel_symmetric });

function isQSchemeName(value: string): value is QSchemeName {
  return Object.hasOwn(QSCHEMES, value);
}

/** Accepts `torch.per_tensor_symmetric` or the string 'per_tensor_symmetric'. */
export function toQScheme(value: QScheme | string): QScheme {
  if (value instanceof QScheme) return value;
  if (isQSchemeName(value)) return QSCHEMES[value];
  throw new TypeError(`qscheme must be one of ${Object.values(QSCHEMES).map(String).join(', ')}, got '${value}'`);
}
