/**
 * Remembered window size and position, made safe to reuse: a monitor may have been unplugged or a
 * resolution lowered since the bounds were saved, and a window must never open off-screen or larger
 * than the screen. Pure, so it is unit-tested without Electron.
 */
import type { WindowBounds } from '../shell/settings-store.ts';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface InitialWindowBounds {
  /** Absent: let the OS centre the window on the primary display. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 820 } as const;
export const MIN_WINDOW_SIZE = { width: 900, height: 600 } as const;
/** How much of the window must lie on a display for the remembered position to be kept. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;

function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? { width, height } : { width: 0, height: 0 };
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Clamps to [min, max]; when the range is empty (max < min), max wins: the screen is the hard limit. */
function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * @param workAreas the work areas of the connected displays (primary first), without task bars.
 */
export function sanitizeWindowBounds(stored: WindowBounds | null, workAreas: readonly Rect[]): InitialWindowBounds {
  const primary = workAreas[0];
  const fitSize = (area: Rect | undefined, width: number, height: number) => ({
    width: Math.round(clamp(width, MIN_WINDOW_SIZE.width, area ? area.width : width)),
    height: Math.round(clamp(height, MIN_WINDOW_SIZE.height, area ? area.height : height)),
  });

  if (!stored || !isFiniteNumber(stored.width) || !isFiniteNumber(stored.height)) {
    return { ...fitSize(primary, DEFAULT_WINDOW_SIZE.width, DEFAULT_WINDOW_SIZE.height), maximized: false };
  }
  const maximized = stored.maximized === true;
  if (!isFiniteNumber(stored.x) || !isFiniteNumber(stored.y)) {
    return { ...fitSize(primary, stored.width, stored.height), maximized };
  }

  const rect: Rect = { x: stored.x, y: stored.y, width: stored.width, height: stored.height };
  let best: Rect | undefined;
  let bestVisible = { width: 0, height: 0 };
  for (const area of workAreas) {
    const visible = overlap(rect, area);
    if (visible.width * visible.height > bestVisible.width * bestVisible.height) {
      best = area;
      bestVisible = visible;
    }
  }
  const visibleEnough = bestVisible.width >= MIN_VISIBLE.width && bestVisible.height >= MIN_VISIBLE.height;
  if (!best || !visibleEnough) {
    // Off every screen (a monitor was unplugged): keep the size, let the OS place it.
    return { ...fitSize(primary, stored.width, stored.height), maximized };
  }
  const size = fitSize(best, stored.width, stored.height);
  // Pull the window fully onto the display it mostly lies on.
  const x = Math.round(clamp(stored.x, best.x, best.x + best.width - size.width));
  const y = Math.round(clamp(stored.y, best.y, best.y + best.height - size.height));
  return { x, y, ...size, maximized };
}
