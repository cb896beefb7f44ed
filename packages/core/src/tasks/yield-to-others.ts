/**
 * Lets the requests that arrived meanwhile (claims, submits, heartbeats) run, and reach the write connection, before
 * an import goes on: imports run on the server's one thread and, on SQLite, share its one write connection. Two
 * turns of the event loop, not one: a request read in the next turn queues its write for the turn after (group
 * commit starts on setImmediate), and a single setImmediate of ours, queued earlier, would run before it every time.
 */
export async function yieldToOthers(): Promise<void> {
  for (let turn = 0; turn < 2; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
}
