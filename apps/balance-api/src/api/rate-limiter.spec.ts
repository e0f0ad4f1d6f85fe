import { RateLimiter } from './rate-limiter';
import { transactionIdProblem } from './transaction-id.header';

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

describe('D10: X-MS-DM-TransactionId values', () => {
  it.each([
    ['', 'must not be empty'],
    ['x'.repeat(65), 'must be at most 64 characters'],
    ['a\u0000b', 'must not contain control characters'],
    ['MSFT-12345678-1234-1234-1234-123456789abc', null],
  ])('%j → %s', (value, problem) => {
    expect(transactionIdProblem(value)).toBe(problem);
  });
});
