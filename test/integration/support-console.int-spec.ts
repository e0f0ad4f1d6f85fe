import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type Page } from 'playwright-core';
import { loadSupportConfig } from '@mp/config';
import { kafkaNames } from '@mp/event-log';
import { runApps, stopApps, type RunningApp } from '@mp/platform';
import { supportApp } from '../../apps/support/src/support.app';
import { decidePurchase } from '../../apps/support/src/testing/decided-purchase';
import { PurchaseLogWriter } from '../../apps/support/src/testing/purchase-log.writer';
import { inputs, seedSettings } from '../../libs/purchase-machine/src/testing/inputs.fixture';
import { launchBrowser, type Browser } from '../support/browser';
import { isolatedEnvironment, testEnvironment, uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';

// The console in headless Chromium (Debian's package, driven by playwright-core): sign in, search a purchase,
// see its timeline, step through the replay on the machine diagram, and keep a screenshot.
const root = resolve(__dirname, '../..');
const screenshots = join(root, '.local/screenshots');
const TOKEN = 'console-support-token-0123456789';
const isolated = isolatedEnvironment('console');
const env = testEnvironment({
  ...isolated,
  SUPPORT_PORT: '0',
  SUPPORT_CREDENTIALS: `carol:${TOKEN}`,
});

describe('support console in a browser', () => {
  let running: RunningApp[];
  // Kept as the launch itself: when the set-up times out while Chromium is still starting, teardown still
  // closes the browser that lands afterwards (an open Chromium keeps Jest from exiting).
  let browserLaunch: Promise<Browser> | undefined;
  let page: Page;
  let writer: PurchaseLogWriter;
  const transactionId = uniqueName('tx-console');
  let eventCount = 0;

  beforeAll(async () => {
    running = await runApps([{ definition: supportApp, config: loadSupportConfig(env) }]);
    const kafka = new Kafka({
      clientId: 'support-console-int',
      brokers: env.KAFKA_BROKERS!.split(','),
      logLevel: logLevel.NOTHING,
    });
    writer = new PurchaseLogWriter(
      kafka,
      kafkaNames(isolated.KAFKA_NAMESPACE),
      uniqueName('console-writer'),
    );
    await writer.connect();
    const t = inputs(transactionId);
    const { decisions } = decidePurchase(
      [
        t.completed('delayedProfile'),
        t.reserved(),
        t.confirmed(),
        t.timerFired(),
        t.released(),
        t.progress(4),
      ],
      seedSettings,
    );
    for (const decided of decisions) await writer.write(decided);
    eventCount = decisions.flatMap((decided) => decided.events).length;
    await waitFor(
      async () => {
        const response = await fetch(
          `${running[0]!.url}/v1/support/transactions/${transactionId}/events`,
          {
            headers: { authorization: `Bearer ${TOKEN}` },
          },
        );
        return response.status === 200 ? true : undefined;
      },
      { timeoutMs: 20000, what: 'the purchase in the index' },
    );
    browserLaunch = launchBrowser({ width: 1400, height: 1100 });
    page = (await browserLaunch).page;
  }, 90_000);

  afterAll(async () => {
    await (await browserLaunch?.catch(() => undefined))?.close();
    await writer?.disconnect();
    await stopApps(running ?? []);
  });

  it('finds a purchase by transactionId, shows its timeline and steps through the replay', async () => {
    const failures: string[] = [];
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('requestfailed', (request) => failures.push(`${request.url()} failed`));

    await page.goto(`${running[0]!.url}/console`);
    await page.getByTestId('token').fill(TOKEN);
    await page.getByTestId('use-token').click();
    // carol is not among SUPPORT_OPERATORS: she reads, and sees what operators did (nothing yet).
    await expectText(page.getByTestId('me'), 'Signed in as carol (read-only)');
    await expectText(page.getByTestId('operator-actions'), 'None yet.');
    await page.getByTestId('search').fill(transactionId);
    await page.getByTestId('search-button').click();

    await page.getByTestId('timeline').waitFor();
    await expectText(page.getByTestId('purchase-id'), transactionId);
    expect(await page.getByTestId('timeline-event').count()).toBe(eventCount);
    await expectText(page.getByTestId('step-label'), `Step ${eventCount} of ${eventCount}`);
    expect(await page.locator('[data-state="completed"]').getAttribute('class')).toContain(
      'current',
    );

    await page.getByTestId('first').click();
    await expectText(page.getByTestId('step-label'), `Step 1 of ${eventCount}: PurchaseAccepted`);
    await expectText(page.getByTestId('transition'), 'idle');
    expect(await page.locator('[data-state="reserving"]').getAttribute('class')).toContain(
      'current',
    );
    expect(await page.locator('[data-state="completed"]').getAttribute('class')).not.toContain(
      'visited',
    );
    expect(await page.locator('.edge.taken').count()).toBe(1);

    await page.getByTestId('forward').click();
    await page.getByTestId('forward').click();
    await expectText(page.getByTestId('step-label'), `Step 3 of ${eventCount}`);
    expect(await page.locator('[data-state="confirming"]').getAttribute('class')).toContain(
      'visited',
    );
    await page.getByTestId('back').click();
    await expectText(page.getByTestId('step-label'), `Step 2 of ${eventCount}: ProfileReserved`);
    await expectText(page.getByTestId('emitted'), 'ES2+ confirmOrder');
    expect(await page.locator('.timeline li.current').textContent()).toContain('ProfileReserved');

    await page.getByTestId('last').click();
    expect(await page.locator('.edge.taken').count()).toBeGreaterThanOrEqual(5);
    mkdirSync(screenshots, { recursive: true });
    const file = join(screenshots, 'support-console.png');
    await page.screenshot({ path: file, fullPage: true });

    expect(existsSync(file) && statSync(file).size).toBeGreaterThan(10_000);
    expect(failures).toEqual([]);
  });

  it('asks for the token again when the API refuses it', async () => {
    // A string: the test program has no DOM types, the page has.
    await page.evaluate("sessionStorage.setItem('mp-support-token', 'wrong-token-0123456789')");
    await page.goto(`${running[0]!.url}/console`);

    await expectText(page.getByTestId('error'), 'support credential');
    expect(await page.getByTestId('token').count()).toBe(1);
  });
});

async function expectText(locator: ReturnType<Page['getByTestId']>, text: string): Promise<void> {
  await waitFor(async () => ((await locator.textContent())?.includes(text) ? true : undefined), {
    timeoutMs: 5000,
    what: `"${text}" in ${locator.toString()} (it says "${(await locator.textContent().catch(() => null)) ?? ''}")`,
  });
}
