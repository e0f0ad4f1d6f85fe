import { parseBalanceQuery } from './balance-query.parser';
import { ISO_3166_ALPHA2 } from './country-codes';

describe('GetBalance query (D5–D8)', () => {
  it('defaults: basic, every location, no limit', () => {
    expect(parseBalanceQuery({})).toEqual({
      ok: true,
      query: { fieldsTemplate: 'basic', location: null, limit: null },
    });
  });

  it('normalises case and ignores unknown parameters', () => {
    expect(
      parseBalanceQuery({ fieldsTemplate: 'FuLL', location: 'gb', limit: '007', other: 'x' }),
    ).toEqual({
      ok: true,
      query: { fieldsTemplate: 'full', location: 'GB', limit: 7 },
    });
  });

  it.each([
    [{ fieldsTemplate: 'none' }, 'fieldsTemplate'],
    [{ location: 'XX' }, 'location'],
    [{ location: 'EU' }, 'location'],
    [{ location: ['US', 'CA'] }, 'location'],
    [{ limit: '0' }, 'limit'],
    [{ limit: '2147483648' }, 'limit'],
    [{ limit: '-3' }, 'limit'],
  ])('%j → 400 naming %s', (query, parameter) => {
    expect(parseBalanceQuery(query)).toMatchObject({ ok: false, parameter });
  });

  it('knows the 249 assigned ISO 3166-1 codes', () => {
    expect(ISO_3166_ALPHA2.size).toBe(249);
    expect(['US', 'GB', 'JP', 'SS', 'XK'].map((code) => ISO_3166_ALPHA2.has(code))).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});
