/**
 * Share of gold tasks (gold >= 0) whose answer equals the gold answer, counting only tasks that have an answer
 * (answer >= 0, i.e. at least one label), as the crowd-kit reference accuracies do. `mask`, when given, restricts
 * scoring to tasks where it is 1. Returns `{ correct, total, accuracy }`; accuracy is 0 when total is 0.
 */
export function goldAccuracy(
  answers: Int32Array,
  gold: Int32Array,
  mask?: Uint8Array,
): { correct: number; total: number; accuracy: number } {
  let correct = 0;
  let total = 0;
  for (let t = 0; t < gold.length; t++) {
    const g = gold[t]!;
    const a = answers[t] ?? -1;
    if (g < 0 || a < 0 || (mask && mask[t] !== 1)) continue;
    total++;
    if (a === g) correct++;
  }
  return { correct, total, accuracy: total > 0 ? correct / total : 0 };
}
