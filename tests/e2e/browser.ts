/**
 * What every end-to-end spec sets up the same way: Debian's Chromium with one page, a watch on the
 * errors that page throws or logs, the screenshots folder, and steps that run in order on one window.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page, type PageScreenshotOptions } from 'playwright-core';
import { expect, it } from 'vitest';
import type { TestHost } from './test-host.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the specs' pictures go: test-output/screenshots/. */
export const SHOTS = path.join(REPO_ROOT, 'test-output', 'screenshots');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** How long a step waits for the window before it fails. */
export const WAIT = 15_000;

export interface BrowserPage {
  browser: Browser;
  page: Page;
  /** Errors the page threw or logged to the console (each spec expects none at its end). */
  problems: string[];
}

/** Makes the screenshots folder, launches headless Chromium and opens one page of the given size. */
export async function launchPage(viewport: { width: number; height: number }): Promise<BrowserPage> {
  fs.mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport });
  page.setDefaultTimeout(WAIT);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return { browser, page, problems };
}

export type Step = (name: string, step: () => Promise<void> | void) => void;

/**
 * Vitest's `it` for steps that build on each other: after the first failure the rest are skipped, with a
 * picture of the failure (SHOTS/`failureShot`) taken of `currentPage()`.
 */
export function stepsInOrder(currentPage: () => Page | undefined, failureShot: string, shotOptions: Omit<PageScreenshotOptions, 'path'> = {}): Step {
  let broken = false;
  return (name, step) => {
    it(name, async (context) => {
      if (broken) context.skip();
      try {
        await step();
      } catch (error) {
        broken = true;
        await currentPage()
          ?.screenshot({ path: path.join(SHOTS, failureShot), ...shotOptions })
          .catch(() => undefined);
        throw error;
      }
    });
  };
}

export async function visible(locator: Locator): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout: WAIT });
}

export async function gone(locator: Locator): Promise<void> {
  await expect.poll(() => locator.count(), { timeout: WAIT }).toBe(0);
}

export async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + WAIT;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Loads (or reloads) the app and waits until its event stream is open, as Electron's preload would be before any click. */
export async function openApp(page: Page, testHost: TestHost): Promise<void> {
  const before = testHost.eventClientCount();
  if (page.url() === 'about:blank') await page.goto(testHost.url);
  else await page.reload();
  await until(() => testHost.eventClientCount() > 0 && (before === 0 || testHost.eventClientCount() <= before), 'the event stream');
}
