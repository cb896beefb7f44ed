/**
 * Runs a user action for a page that shows one error banner: clears the last error, then shows this action's if it
 * fails. The page keeps working; the banner says what went wrong.
 */
export async function reportErrors(setError: (error: unknown) => void, action: () => Promise<unknown>): Promise<void> {
  setError(null);
  try {
    await action();
  } catch (e) {
    setError(e);
  }
}
