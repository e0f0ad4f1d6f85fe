import fc from 'fast-check';
import { foldBalances, type CreditFact, type UsageFact } from './balance-fold';

const DAY = 86_400_000;
const credit = (
  id: string,
  atMs: number,
  dataMB: number,
  validity = 'P30D',
  locations: readonly string[] = ['US'],
): CreditFact => ({
  id,
  atMs,
  balanceType: 'MODIRECTPAYG',
  dataMB,
  validity,
  locations,
});
const usage = (id: string, atMs: number, usedMB: number, location = 'US'): UsageFact => ({
  id,
  atMs,
  location,
  usedMB,
});

describe('the balance fold (D15–D17)', () => {
  it('D15: a plan opens a balance for its locations with expiry = completion + validity', () => {
    expect(foldBalances([credit('tx-1', 0, 1024, 'P30D', ['us', 'CA'])], [])).toEqual([
      {
        openedBy: 'tx-1',
        balanceType: 'MODIRECTPAYG',
        dataMB: 1024,
        expiresAtMs: 30 * DAY,
        locations: ['CA', 'US'],
      },
    ]);
  });

  it('D16: a top-up adds data and moves expiry to the later of the two', () => {
    const [balance] = foldBalances(
      [credit('a', 0, 100, 'P30D'), credit('b', DAY, 50, 'P7D'), credit('c', 2 * DAY, 25, 'P60D')],
      [],
    );

    expect(balance).toMatchObject({ openedBy: 'a', dataMB: 175, expiresAtMs: 62 * DAY });
  });

  it('D16: with no active balance for the locations, a top-up opens a new one', () => {
    const balances = foldBalances(
      [credit('a', 0, 100, 'P1D'), credit('b', 2 * DAY, 50, 'P1D')],
      [],
    );

    expect(balances).toEqual([
      expect.objectContaining({ openedBy: 'b', dataMB: 50, expiresAtMs: 3 * DAY }),
    ]);
  });

  it('D17: usage subtracts, never below 0, only from balances covering its location, and not before the plan', () => {
    const balances = foldBalances(
      [credit('us', DAY, 100), credit('fr', DAY, 100, 'P30D', ['FR'])],
      [
        usage('early', 0, 40),
        usage('u1', 2 * DAY, 30),
        usage('u2', 3 * DAY, 500),
        usage('f1', 2 * DAY, 10, 'fr'),
      ],
    );

    expect(new Map(balances.map((balance) => [balance.openedBy, balance.dataMB]))).toEqual(
      new Map([
        ['us', 0],
        ['fr', 90],
      ]),
    );
  });

  it('usage after expiry changes nothing', () => {
    expect(
      foldBalances([credit('a', 0, 100, 'P1D')], [usage('late', 2 * DAY, 10)])[0]?.dataMB,
    ).toBe(100);
  });

  it('depends only on the set of facts, not their delivery order (what makes a rebuild equal the live projection)', () => {
    const facts = fc.record({
      credits: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 40 }),
          mb: fc.integer({ min: 0, max: 500 }),
          days: fc.integer({ min: 1, max: 30 }),
          where: fc.constantFrom(['US'], ['FR'], ['US', 'FR']),
        }),
        { maxLength: 6 },
      ),
      usages: fc.array(
        fc.record({
          at: fc.integer({ min: 0, max: 40 }),
          mb: fc.double({ min: 0.1, max: 300, noNaN: true }),
          where: fc.constantFrom('US', 'FR'),
        }),
        {
          maxLength: 8,
        },
      ),
    });
    fc.assert(
      fc.property(facts, fc.integer(), ({ credits, usages }, seed) => {
        const c = credits.map((item, index) =>
          credit(`c${index}`, item.at * DAY, item.mb, `P${item.days}D`, item.where),
        );
        const u = usages.map((item, index) =>
          usage(`u${index}`, item.at * DAY, item.mb, item.where),
        );
        const shuffle = <T>(items: T[]) =>
          [...items]
            .sort(
              (a, b) =>
                ((JSON.stringify(a).length * seed) % 7) - ((JSON.stringify(b).length * seed) % 7),
            )
            .reverse();
        const byId = (list: ReturnType<typeof foldBalances>) =>
          [...list].sort((a, b) => (a.openedBy < b.openedBy ? -1 : 1));

        expect(byId(foldBalances(shuffle(c), shuffle(u)))).toEqual(byId(foldBalances(c, u)));
        for (const balance of foldBalances(c, u)) expect(balance.dataMB).toBeGreaterThanOrEqual(0);
      }),
    );
  });
});
