import fc from 'fast-check';
import {
  foldBalances,
  type AdjustmentChange,
  type AdjustmentFact,
  type CreditFact,
  type UsageFact,
} from './balance-fold';

// ADR 0020: what each kind of balance adjustment does, folded at its own time among credits and usage.

const DAY = 86_400_000;
const credit = (
  id: string,
  atMs: number,
  dataMB: number,
  validity = 'P30D',
  locations: readonly string[] = ['US'],
): CreditFact => ({ id, atMs, balanceType: 'MODIRECTPAYG', dataMB, validity, locations });
const usage = (id: string, atMs: number, usedMB: number, location = 'US'): UsageFact => ({
  id,
  atMs,
  location,
  usedMB,
});
const adjust = (id: string, atMs: number, change: AdjustmentChange): AdjustmentFact => ({
  id,
  atMs,
  change,
});

describe('balance adjustments (ADR 0020)', () => {
  it('subscriptionCancelled ends the balance of exactly those locations at its time', () => {
    const balances = foldBalances(
      [credit('us', 0, 100), credit('fr', 0, 100, 'P30D', ['FR'])],
      [usage('after', 3 * DAY, 10)],
      [adjust('a', 2 * DAY, { kind: 'subscriptionCancelled', locations: ['us'] })],
    );

    expect(balances).toEqual([
      expect.objectContaining({ openedBy: 'fr', dataMB: 100, expiresAtMs: 30 * DAY }),
      expect.objectContaining({ openedBy: 'us', dataMB: 0, expiresAtMs: 2 * DAY }),
    ]);
  });

  it('a plan bought after a cancellation opens a new balance', () => {
    const balances = foldBalances(
      [credit('old', 0, 100), credit('new', 3 * DAY, 50, 'P1D')],
      [],
      [adjust('a', 2 * DAY, { kind: 'subscriptionCancelled', locations: ['US'] })],
    );

    expect(balances).toEqual([
      expect.objectContaining({ openedBy: 'new', dataMB: 50, expiresAtMs: 4 * DAY }),
    ]);
  });

  it('refund of a top-up withdraws its data and the validity it added; the rest stays', () => {
    const [balance] = foldBalances(
      [credit('first', 0, 100, 'P10D'), credit('topup', DAY, 50, 'P30D')],
      [usage('u', DAY + 1, 20)],
      [adjust('r', 2 * DAY, { kind: 'refund', transactionId: 'topup' })],
    );

    expect(balance).toMatchObject({ openedBy: 'first', dataMB: 80, expiresAtMs: 10 * DAY });
  });

  it('refund of the only plan ends the balance, even with data corrected in', () => {
    const [balance] = foldBalances(
      [credit('only', 0, 100)],
      [],
      [
        adjust('c', DAY, { kind: 'correctBalance', locations: ['US'], deltaMB: 25 }),
        adjust('r', 2 * DAY, { kind: 'refund', transactionId: 'only' }),
      ],
    );

    expect(balance).toMatchObject({ openedBy: 'only', dataMB: 0, expiresAtMs: 2 * DAY });
  });

  it('refund never goes below 0, and a second refund of the same purchase changes nothing', () => {
    const once = foldBalances(
      [credit('first', 0, 100), credit('topup', 0, 50)],
      [usage('u', DAY, 120)],
      [adjust('r1', 2 * DAY, { kind: 'refund', transactionId: 'topup' })],
    );
    const twice = foldBalances(
      [credit('first', 0, 100), credit('topup', 0, 50)],
      [usage('u', DAY, 120)],
      [
        adjust('r1', 2 * DAY, { kind: 'refund', transactionId: 'topup' }),
        adjust('r2', 3 * DAY, { kind: 'refund', transactionId: 'topup' }),
      ],
    );

    expect(once[0]).toMatchObject({ dataMB: 0, expiresAtMs: 30 * DAY });
    expect(twice).toEqual(once);
  });

  it('refund of a purchase no active balance holds (another SIM, expired, before its credit) changes nothing', () => {
    const credits = [credit('p', DAY, 100, 'P2D')];
    const plain = foldBalances(credits, []);

    for (const [id, atMs] of [
      ['elsewhere', 2 * DAY],
      ['p', 0],
      ['p', 4 * DAY],
    ] as const)
      expect(
        foldBalances(credits, [], [adjust('r', atMs, { kind: 'refund', transactionId: id })]),
      ).toEqual(plain);
  });

  it('setBalance makes the active balance exactly that, keeping its id; later plans top it up', () => {
    const balances = foldBalances(
      [credit('p', 0, 100), credit('later', 3 * DAY, 10, 'P1D')],
      [usage('u', DAY, 60)],
      [
        adjust('s', 2 * DAY, {
          kind: 'setBalance',
          locations: ['US'],
          balanceType: 'MODIRECT',
          dataMB: 500,
          validity: 'P7D',
        }),
        // A refund of a plan the set balance replaced takes nothing from it.
        adjust('r', 4 * DAY, { kind: 'refund', transactionId: 'p' }),
      ],
    );

    expect(balances).toEqual([
      {
        openedBy: 'p',
        balanceType: 'MODIRECTPAYG',
        dataMB: 510,
        expiresAtMs: 9 * DAY,
        locations: ['US'],
      },
    ]);
  });

  it('setBalance with no active balance opens one of its own', () => {
    expect(
      foldBalances(
        [],
        [],
        [
          adjust('s', DAY, {
            kind: 'setBalance',
            locations: ['fr', 'US'],
            balanceType: 'MODIRECT',
            dataMB: 0.5,
            validity: 'P1D',
          }),
        ],
      ),
    ).toEqual([
      {
        openedBy: 'adjustment:s',
        balanceType: 'MODIRECT',
        dataMB: 0.5,
        expiresAtMs: 2 * DAY,
        locations: ['FR', 'US'],
      },
    ]);
  });

  it('correctBalance adds or takes data from the active balance, never below 0, expiry unchanged', () => {
    const correct = (deltaMB: number) =>
      foldBalances(
        [credit('p', 0, 100, 'P10D')],
        [],
        [adjust('c', DAY, { kind: 'correctBalance', locations: ['US'], deltaMB })],
      )[0];

    expect(correct(50)).toMatchObject({ dataMB: 150, expiresAtMs: 10 * DAY });
    expect(correct(-30)).toMatchObject({ dataMB: 70, expiresAtMs: 10 * DAY });
    expect(correct(-500)).toMatchObject({ dataMB: 0, expiresAtMs: 10 * DAY });
  });

  it('correctBalance never opens a balance, nor revives an expired one', () => {
    const change: AdjustmentChange = { kind: 'correctBalance', locations: ['US'], deltaMB: 50 };

    expect(foldBalances([], [], [adjust('c', 0, change)])).toEqual([]);
    expect(
      foldBalances([credit('p', 0, 100, 'P1D')], [], [adjust('c', 2 * DAY, change)])[0],
    ).toMatchObject({ dataMB: 100, expiresAtMs: DAY });
  });

  it('microBalanceAssigned is never a Mobile Plans balance (seeds: a micro balance reads as zero)', () => {
    const micro: AdjustmentChange = {
      kind: 'microBalanceAssigned',
      locations: ['US'],
      dataMB: 5,
      validity: 'P1D',
    };

    expect(foldBalances([], [], [adjust('m', 0, micro)])).toEqual([]);
    expect(foldBalances([credit('p', 0, 100)], [], [adjust('m', DAY, micro)])).toEqual(
      foldBalances([credit('p', 0, 100)], []),
    );
  });

  it('depends only on the set of facts, adjustments included, not their delivery order', () => {
    const where = fc.constantFrom(['US'], ['FR'], ['US', 'FR']);
    const change: fc.Arbitrary<AdjustmentChange> = fc.oneof(
      where.map((locations) => ({ kind: 'subscriptionCancelled' as const, locations })),
      fc
        .integer({ min: 0, max: 5 })
        .map((index) => ({ kind: 'refund' as const, transactionId: `c${index}` })),
      fc.record({
        kind: fc.constant('setBalance' as const),
        locations: where,
        balanceType: fc.constantFrom('MODIRECT' as const, 'MODIRECTPAYG' as const),
        dataMB: fc.integer({ min: 0, max: 500 }),
        validity: fc.constantFrom('P1D', 'P10D'),
      }),
      fc.record({
        kind: fc.constant('correctBalance' as const),
        locations: where,
        deltaMB: fc.integer({ min: -300, max: 300 }).filter((delta) => delta !== 0),
      }),
    );
    const facts = fc.record({
      credits: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 40 }),
          mb: fc.integer({ min: 0, max: 500 }),
          days: fc.integer({ min: 1, max: 30 }),
          where,
        }),
        { maxLength: 6 },
      ),
      usages: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 40 }),
          mb: fc.integer({ min: 1, max: 300 }),
          where: fc.constantFrom('US', 'FR'),
        }),
        { maxLength: 6 },
      ),
      adjustments: fc.array(fc.record({ at: fc.integer({ min: 0, max: 40 }), change }), {
        maxLength: 6,
      }),
    });
    fc.assert(
      fc.property(facts, ({ credits, usages, adjustments }) => {
        const c = credits.map((item, index) =>
          credit(`c${index}`, item.at * DAY, item.mb, `P${item.days}D`, item.where),
        );
        const u = usages.map((item, index) =>
          usage(`u${index}`, item.at * DAY, item.mb, item.where),
        );
        const a = adjustments.map((item, index) => adjust(`a${index}`, item.at * DAY, item.change));
        const byId = (list: ReturnType<typeof foldBalances>) =>
          [...list].sort((x, y) => (x.openedBy < y.openedBy ? -1 : 1));

        const inOrder = foldBalances(c, u, a);
        expect(byId(foldBalances([...c].reverse(), [...u].reverse(), [...a].reverse()))).toEqual(
          byId(inOrder),
        );
        for (const balance of inOrder) expect(balance.dataMB).toBeGreaterThanOrEqual(0);
        expect(new Set(inOrder.map((balance) => balance.openedBy)).size).toBe(inOrder.length);
      }),
    );
  });
});
