/**
 * Runs `work` and counts the turns of the event loop while it runs: a long write that yields between
 * slices lets other calls (a directory read) in; one that does not gives ~0 turns.
 */
export async function countEventLoopTurns(work: () => Promise<unknown>): Promise<number> {
  let turns = 0;
  let running = true;
  const tick = (): void => {
    if (!running) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await work();
  } finally {
    running = false;
  }
  return turns;
}
