import { RateLimiter } from './rate-limiter';
import { TransactionIdRegistry, transactionIdProblem } from './transaction-id.registry';

describe('D11: rate limiter', () => {
  it('allows the burst, then refuses with the seconds until the next token, per client', () => {
    const limiter = new RateLimiter(0.5, 2);

    expect([limiter.take('a', 0), limiter.take('a', 0), limiter.take('a', 0)]).toEqual([
      { allowed: true },
      { allowed: true },
      { allowed: false, retryAfterSeconds: 2 },
    ]);
    expect(limiter.take('b', 0)).toEqual({ allowed: true });
    expect(limiter.take('a', 2000)).toEqual({ allowed: true });
  });
});

describe('D10: transaction ids', () => {
  it('refuses a repeat within the window and forgets it after', () => {
    const registry = new TransactionIdRegistry(1000, 10);

    expect([
      registry.firstSighting('x', 0),
      registry.firstSighting('x', 999),
      registry.firstSighting('x', 1000),
    ]).toEqual([true, false, true]);
  });

  it('stays bounded, dropping the oldest', () => {
    const registry = new TransactionIdRegistry(1000, 2);
    registry.firstSighting('a', 0);
    registry.firstSighting('b', 0);
    registry.firstSighting('c', 0);

    expect(registry.firstSighting('a', 1)).toBe(true);
    expect(registry.firstSighting('c', 1)).toBe(false);
  });

  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(65), 'must be at most 64 characters'],
    ['a\u0000b', 'must not contain control characters'],
    ['MSFT-12345678-1234-1234-1234-123456789abc', null],
  ])('%j → %s', (value, problem) => {
    expect(transactionIdProblem(value)).toBe(problem);
  });
});
