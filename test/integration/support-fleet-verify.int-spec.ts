import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { PurchaseEffect } from '@mp/contracts';
import { decidePurchase, type Decided } from '../../apps/support/src/testing/decided-purchase';
import type { FleetReport } from '../../apps/support/src/replay/fleet-verify';
import {
  ICCID_2,
  inputs,
  seedSettings,
} from '../../libs/purchase-machine/src/testing/inputs.fixture';
import { runSupportCli } from '../support/support-cli';
import { TOKEN, supportHistorySuite } from '../support/support-api/support-history-fixture';
import { uniqueName } from '../support/test-environment';

// Spawns the CLI as a separate process (tsx compiles it at each start): on a loaded 2-core machine that alone
// can take tens of seconds, beyond the tier's 30 s default; the CLI's own process timeout is 60 s.
jest.setTimeout(120_000);

// The fleet replay: every stored purchase folded through the machine of this build, those it would decide
// differently listed with their first differing step. CI runs it over the golden histories (here); before a
// deployment it runs over the production index through the support API (below; bench/README.md gives its rate).

const golden = resolve(__dirname, '../golden/histories');
const report = (stdout: string) => JSON.parse(stdout) as FleetReport;

describe('npm run support -- verify --histories (CI, over the golden histories)', () => {
  it('folds every golden history, and every one decides as recorded', async () => {
    const run = await runSupportCli(['verify', '--histories', golden, '--json']);

    expect(run.status).toBe(0);
    expect(report(run.stdout)).toMatchObject({
      purchases: readdirSync(golden).filter((name) => name.endsWith('.history.json')).length,
      divergences: [],
    });
  });

  it('lists a history the current machine would not take, at its first differing step, and fails', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mp-verify-'));
    try {
      const stored = JSON.parse(
        readFileSync(join(golden, 'inline.current.history.json'), 'utf8'),
      ) as { events: unknown[] };
      // Without its ProfileReserved, the ProfileConfirmed after it comes in a state that does not take it.
      writeFileSync(
        join(folder, 'inline-gap.history.json'),
        JSON.stringify({ events: stored.events.filter((_, index) => index !== 1) }),
      );
      writeFileSync(
        join(folder, 'inline.history.json'),
        readFileSync(join(golden, 'inline.current.history.json')),
      );

      const [json, text] = await Promise.all([
        runSupportCli(['verify', '--histories', folder, '--json']),
        runSupportCli(['verify', '--histories', folder]),
      ]);

      expect(json.status).toBe(1);
      expect(report(json.stdout)).toMatchObject({
        purchases: 2,
        divergences: [
          {
            transactionId: 'inline-gap',
            firstStep: {
              sequence: 3,
              type: 'ProfileConfirmed',
              why: 'the current machine does not take ProfileConfirmed in reserving',
            },
          },
        ],
      });
      expect(text.status).toBe(1);
      expect(text.stdout).toContain('inline-gap  step #3 ProfileConfirmed');
      expect(text.stdout).toContain('1 would be decided differently');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('npm run support -- verify (over the event index, through the support API)', () => {
  const suite = supportHistorySuite();

  it('lists the indexed purchases the current machine would decide differently, page after page', async () => {
    // Recorded effects that today's machine would not emit: a ConfirmOrder for another SIM.
    const transactionId = uniqueName('tx-verify-diverged');
    const t = inputs(transactionId);
    const { decisions } = decidePurchase([t.completed('inline'), t.reserved()], seedSettings);
    await suite.writer.write(decisions[0]!);
    await suite.writer.write({
      ...decisions[1]!,
      effects: decisions[1]!.effects.map(withOtherIccid),
    } satisfies Decided);
    await suite.indexed(transactionId, decisions.flatMap((d) => d.events).length);
    for (const { transactionId: id, decisions: written } of Object.values(suite.purchases))
      await suite.indexed(id, written.flatMap((d) => d.events).length);
    const env = { SUPPORT_URL: suite.url, SUPPORT_TOKEN: TOKEN };

    const [json, text, refused] = await Promise.all([
      runSupportCli(['verify', '--json', '--page-size', '2'], env),
      runSupportCli(['verify'], env),
      runSupportCli(['verify'], { ...env, SUPPORT_TOKEN: 'wrong-token-0123456789' }),
    ]);

    expect(json.status).toBe(1);
    const found = report(json.stdout);
    expect(found.purchases).toBe(Object.keys(suite.purchases).length + 1);
    expect(found.divergences).toEqual([
      {
        transactionId,
        divergentSteps: 1,
        firstStep: expect.objectContaining({
          type: 'ProfileReserved',
          stateBefore: 'reserving',
          stateAfter: 'confirming',
          why: 'no longer emits SendEs2Request confirmOrder; now emits SendEs2Request confirmOrder',
        }) as unknown,
      },
    ]);
    expect(text.status).toBe(1);
    expect(text.stdout).toContain(`${transactionId}  step #2 ProfileReserved`);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('CREDENTIAL_REFUSED (403)');
  });

  it('refuses a page size out of bounds, naming it', async () => {
    const answer = await suite.get('/v1/support/index/histories?limit=5001');

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: { code: 'INVALID_PARAMETER', parameter: 'limit' } });
  });
});

function withOtherIccid(effect: PurchaseEffect): PurchaseEffect {
  if (effect.type === 'SendEs2Request' && effect.function === 'confirmOrder') {
    return { ...effect, request: { ...effect.request, iccid: ICCID_2 } };
  }
  return effect;
}
