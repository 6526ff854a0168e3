// Waiting in tests for something another process or thread does (a server filing mail, a poller's round, a lease
// taken over): the condition is asked again every 100 ms until it holds, or the test fails naming what it waited
// for. A wait for a condition, never a fixed sleep, so a slow machine makes a test slower, not red.

/** Resolves once `check` holds; throws after `ms` naming `what` (a text, or a function that says the state then). */
export async function until(
  what: string | (() => string),
  check: () => Promise<boolean> | boolean,
  ms = 60_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for: ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
