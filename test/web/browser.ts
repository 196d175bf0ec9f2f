/** Launches Debian's chromium for the UI tests (a fresh profile each time). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const chromiumPath = '/usr/bin/chromium';

const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A headless chromium with a fresh user-data dir (playwright takes it as the persistent
 * context's folder rather than as a `--user-data-dir` argument).
 *
 * @example
 * const browser = await launchChromium(); const page = await browser.newPage(); … await browser.close();
 */
export async function launchChromium(): Promise<BrowserContext & { closeAll(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'troupe-ui-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, args: chromiumArgs, viewport: { width: 1600, height: 950 }, timeout: 20_000 });
  return Object.assign(context, {
    async closeAll() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  });
}
