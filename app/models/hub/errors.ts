// Errors of the Hub checkpoint loader. Each says what was wrong and where
// (the file, the tensor, the byte offset) so a student or a teacher serving
// the files can act on it; none leaves anything half-stored.

/** A checkpoint file that is not what it claims (truncated, corrupt, refused pickle content). */
export class CheckpointFormatError extends Error {
  override name = 'CheckpointFormatError';
}

/** A well-formed checkpoint whose tensors do not fit the model its config describes. */
export class CheckpointMismatchError extends Error {
  override name = 'CheckpointMismatchError';
  constructor(
    message: string,
    readonly missing: readonly string[] = [],
    readonly unexpected: readonly string[] = [],
    readonly mismatched: readonly string[] = [],
  ) {
    super(message);
  }
}

/** config.json describes something other than a BlipForConditionalGeneration, or is malformed. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
}

/** The Hub (or the teacher's server) answered, but not with the file: 404, 401/403, unreachable. */
export class HubError extends Error {
  override name = 'HubError';
  constructor(
    message: string,
    readonly kind: 'not-found' | 'gated' | 'unreachable' | 'cut-off' | 'http',
    readonly url: string,
  ) {
    super(message);
  }
}
