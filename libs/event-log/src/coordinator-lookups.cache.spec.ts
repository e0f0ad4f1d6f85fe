import { CoordinatorLookups } from './coordinator-lookups.cache';

describe('CoordinatorLookups', () => {
  let now = 0;
  const lookups = () => new CoordinatorLookups<string>(1000, () => now);

  beforeEach(() => (now = 0));

  it('answers a fresh key from the kept lookup, and looks up again once it is older than the keep time', async () => {
    const cache = lookups();
    const lookup = jest.fn(() => Promise.resolve(`broker-${now}`));
    await expect(cache.get('1:tx-0', lookup)).resolves.toBe('broker-0');
    now = 999;
    await expect(cache.get('1:tx-0', lookup)).resolves.toBe('broker-0');
    expect(lookup).toHaveBeenCalledTimes(1);
    now = 1000;
    await expect(cache.get('1:tx-0', lookup)).resolves.toBe('broker-1000');
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('keeps each key apart', async () => {
    const cache = lookups();
    await cache.get('1:tx-0', () => Promise.resolve('a'));
    await expect(cache.get('0:group', () => Promise.resolve('b'))).resolves.toBe('b');
  });

  it('keeps no failed lookup: the next call asks again', async () => {
    const cache = lookups();
    await expect(
      cache.get('1:tx-0', () => Promise.reject(new Error('no coordinator'))),
    ).rejects.toThrow('no coordinator');
    await expect(cache.get('1:tx-0', () => Promise.resolve('a'))).resolves.toBe('a');
  });
});
