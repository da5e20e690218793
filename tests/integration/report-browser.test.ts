import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html.js';
import { CHROMIUM_PATH, hasChromium, openInChromium, type BrowserPage } from '../helpers/browser.js';
import { SECTION_HEADINGS, sampleReport } from '../report/sample-report.js';

/**
 * The weekly report as staff see it: opened from disk in a real Chromium with no network, it must
 * load nothing, log no error, draw every chart and print to A4. In CI Chromium must be there (the
 * test fails without it); on a developer's machine without it, the suite is skipped and says why.
 */

const inCi = (process.env.CI ?? '') !== '';
const runnable = hasChromium() || inCi;
const title = runnable
  ? 'weekly report in Chromium'
  : `weekly report in Chromium — SKIPPED: ${CHROMIUM_PATH} is missing (apt-get install -y chromium)`;
/** A4 at 96 dpi. */
const A4 = { width: 794, height: 1123 };

describe.skipIf(!runnable)(title, () => {
  let dir = '';
  let browser: BrowserPage | undefined;

  function opened(): BrowserPage {
    if (browser === undefined) throw new Error('the browser did not open');
    return browser;
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'logwarden-report-'));
    const file = join(dir, 'report.html');
    await writeFile(file, renderReportHtml(sampleReport()));
    browser = await openInChromium(file);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('loads from file:// with no console error and no request', () => {
    const { page, consoleErrors, failedRequests } = opened();
    expect(page.url()).toMatch(/^file:\/\/.*report\.html$/);
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
  });

  it('shows every section and no script ran', async () => {
    const { page } = opened();
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('h2').allTextContents()).toEqual(SECTION_HEADINGS);
    expect(await page.locator('.headline .badge').textContent()).toBe('✓ No action needed');
    expect(await page.getByText('web2<script>alert(1)</script>').first().isVisible()).toBe(true);
  });

  it('draws every chart with a size, inside the page width, named for assistive technology', async () => {
    const { page } = opened();
    const charts = page.locator('svg[role="img"]');
    expect(await charts.count()).toBe(3);
    const bodyWidth = (await page.locator('main').boundingBox())?.width ?? 0;
    for (const chart of await charts.all()) {
      const box = await chart.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(box?.height ?? 0).toBeGreaterThan(100);
      expect(box?.width ?? Infinity).toBeLessThanOrEqual(bodyWidth + 0.5);
      expect(await chart.locator('text').count()).toBeGreaterThan(10);
    }
    expect(await page.getByRole('img').count()).toBe(3);
    expect(await page.getByRole('img', { name: 'Thursday login peaks compared' }).count()).toBe(1);
  });

  it('fits an A4 page width on screen and in print', async () => {
    const { page } = opened();
    await page.setViewportSize(A4);
    for (const media of ['screen', 'print'] as const) {
      await page.emulateMedia({ media });
      const overflow = await page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      );
      expect(overflow, media).toBe(0);
    }
    await page.emulateMedia({ media: 'screen' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(30_000);
    await page.setViewportSize({ width: 1000, height: 800 });
  });

  it('takes a full-page screenshot that is not blank', async () => {
    const { page } = opened();
    const screenshot = await page.screenshot({ fullPage: true, type: 'png' });
    await writeFile(join(dir, 'report.png'), screenshot);
    expect(screenshot.subarray(1, 4).toString('latin1')).toBe('PNG');
    const height = screenshot.readUInt32BE(20);
    expect(height).toBeGreaterThan(3_000);
    expect(screenshot.length).toBeGreaterThan(20_000);
    await page.setContent(
      `<!doctype html><body style="margin:0;height:${String(height)}px;background:#fff"></body>`,
    );
    const blank = await page.screenshot({ fullPage: true, type: 'png' });
    expect(blank.readUInt32BE(20)).toBe(height);
    expect(screenshot.length).toBeGreaterThan(10 * blank.length);
  });
});
