import { describe, expect, it } from 'vitest';
import { DEFAULT_WINDOW_SIZE, MIN_WINDOW_SIZE, sanitizeWindowBounds } from '../../../electron/main/window-bounds.ts';

const laptop = { x: 0, y: 0, width: 1440, height: 860 };
const rightMonitor = { x: 1440, y: 0, width: 1920, height: 1050 };

describe('sanitizeWindowBounds', () => {
  it('uses the default size, centred by the OS, on first run', () => {
    expect(sanitizeWindowBounds(null, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('keeps remembered bounds that fit on a display', () => {
    expect(sanitizeWindowBounds({ x: 100, y: 50, width: 1200, height: 700, maximized: false }, [laptop])).toEqual({ x: 100, y: 50, width: 1200, height: 700, maximized: false });
    expect(sanitizeWindowBounds({ x: 1600, y: 100, width: 1500, height: 900, maximized: true }, [laptop, rightMonitor])).toEqual({ x: 1600, y: 100, width: 1500, height: 900, maximized: true });
  });

  it('drops the position when the display it was on is gone, keeping the size and maximized state', () => {
    expect(sanitizeWindowBounds({ x: 2000, y: 100, width: 1300, height: 800, maximized: true }, [laptop])).toEqual({ width: 1300, height: 800, maximized: true });
    // Only a sliver would be visible: treated as off-screen.
    expect(sanitizeWindowBounds({ x: 1400, y: 100, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('shrinks a window larger than its display and pulls it fully onto it', () => {
    expect(sanitizeWindowBounds({ x: 600, y: 300, width: 2500, height: 1400, maximized: false }, [laptop])).toEqual({ x: 0, y: 0, width: 1440, height: 860, maximized: false });
    expect(sanitizeWindowBounds({ x: 800, y: 500, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ x: 440, y: 160, width: 1000, height: 700, maximized: false });
  });

  it('never goes below the minimum size, nor above a tiny screen', () => {
    expect(sanitizeWindowBounds({ x: 10, y: 10, width: 400, height: 300, maximized: false }, [laptop])).toEqual({ x: 10, y: 10, ...MIN_WINDOW_SIZE, maximized: false });
    const tiny = { x: 0, y: 0, width: 800, height: 560 };
    expect(sanitizeWindowBounds({ x: 0, y: 0, width: 1200, height: 800, maximized: false }, [tiny])).toEqual({ x: 0, y: 0, width: 800, height: 560, maximized: false });
  });

  it('copes with missing coordinates, garbage numbers and no displays', () => {
    expect(sanitizeWindowBounds({ width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
    expect(sanitizeWindowBounds({ x: Number.NaN, y: 0, width: 1000, height: 700, maximized: false }, [laptop])).toEqual({ width: 1000, height: 700, maximized: false });
    expect(sanitizeWindowBounds({ x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 700, maximized: false }, [laptop])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
    expect(sanitizeWindowBounds({ x: 0, y: 0, width: 1000, height: 700, maximized: false }, [])).toEqual({ width: 1000, height: 700, maximized: false });
  });
});
