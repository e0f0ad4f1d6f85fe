import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const root = resolve(__dirname, '../..');

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/** Debian's chromium (tools/browser/ensure-chromium.sh installs it when missing): its path. */
export function ensureChromium(): string {
  const result = spawnSync('bash', [join(root, 'tools/browser/ensure-chromium.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0)
    throw new Error('Chromium is not available (tools/browser/ensure-chromium.sh)');
  return result.stdout.trim();
}

/** Headless Chromium driven by playwright-core, with a profile of its own that `close` removes. */
export async function launchBrowser(
  viewport: { width: number; height: number } = { width: 1280, height: 900 },
): Promise<Browser> {
  const executablePath = ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'mobileplans-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
    ],
    viewport,
    // Pages load the portal-side script from the gateway, over HTTPS with the development CA's certificate.
    ignoreHTTPSErrors: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
