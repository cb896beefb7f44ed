/**
 * Thrown by the quality library when its input cannot give a meaningful answer: mismatched array lengths, indices
 * out of range, no labels at all, or a metric asked of data it is not defined for. Callers map it to a user message
 * (the CLI prints it; the server answers 400).
 */
export class QualityInputError extends Error {
  override readonly name = 'QualityInputError';
}
