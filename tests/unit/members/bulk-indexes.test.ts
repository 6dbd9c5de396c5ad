import { describe, expect, it } from 'vitest';
import { shouldDeferIndexes } from '../../../electron/services/members/bulk-indexes.ts';

describe('shouldDeferIndexes', () => {
  it('rebuilds the indexes of a small workspace, whatever the import', () => {
    expect(shouldDeferIndexes(0, null)).toBe(true);
    expect(shouldDeferIndexes(9_999, 10)).toBe(true);
  });

  it('rebuilds those of a big workspace only for a file at least twice its size', () => {
    expect(shouldDeferIndexes(100_000, 199_999)).toBe(false);
    expect(shouldDeferIndexes(100_000, 200_000)).toBe(true);
    // A CSV's size is not known before it is read: its rows go in with the indexes kept.
    expect(shouldDeferIndexes(100_000, null)).toBe(false);
  });
});
