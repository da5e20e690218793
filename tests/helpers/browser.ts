import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); Playwright's own browser download is not used. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags for a closed network: no background connections, no sandbox as root, no GPU. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export interface BrowserPage {
  readonly page: Page;
  /** Console messages of type `error` and uncaught page errors, as text. */
  readonly consoleErrors: string[];
  /** Requests that failed, as `URL: reason`. */
  readonly failedRequests: string[];
  /** Closes the browser and removes its profile. */
  close(): Promise<void>;
}

/**
 * Opens a file path or URL in headless Chromium with a fresh profile and waits for the load event.
 * Errors and failed requests are collected from the start, so the caller can assert there were none.
 */
export async function openInChromium(
  fileOrUrl: string,
  viewport = { width: 1000, height: 800 },
): Promise<BrowserPage> {
  const profile = await mkdtemp(join(tmpdir(), 'logwarden-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
  });
  const close = async (): Promise<void> => {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  };
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const consoleErrors: string[] = [];
    const failedRequests: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('requestfailed', (request) => {
      failedRequests.push(`${request.url()}: ${request.failure()?.errorText ?? 'failed'}`);
    });
    const url = /^[a-z][a-z0-9+.-]*:\/\//i.test(fileOrUrl) ? fileOrUrl : pathToFileURL(fileOrUrl).href;
    await page.goto(url, { waitUntil: 'load' });
    return { page, consoleErrors, failedRequests, close };
  } catch (error) {
    await close();
    throw error;
  }
}
