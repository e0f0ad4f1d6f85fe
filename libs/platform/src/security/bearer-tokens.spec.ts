import { BearerTokens } from './bearer-tokens';

describe('BearerTokens', () => {
  const tokens = new BearerTokens([
    { name: 'alice', token: 'alice-token-0123456789' },
    { name: 'bob', token: 'bob-token-0123456789' },
  ]);

  it('names the owner of a configured bearer token', () => {
    expect(tokens.nameOf('Bearer alice-token-0123456789')).toBe('alice');
    expect(tokens.nameOf('bearer bob-token-0123456789')).toBe('bob');
  });

  it('refuses a missing, unknown, truncated or non-bearer credential', () => {
    expect(tokens.nameOf(undefined)).toBeNull();
    expect(tokens.nameOf('')).toBeNull();
    expect(tokens.nameOf('Bearer alice-token-012345678')).toBeNull();
    expect(tokens.nameOf('Basic YWxpY2U6eA==')).toBeNull();
    expect(tokens.nameOf('Bearer alice-token-0123456789 extra')).toBeNull();
  });

  it('accepts an old and a new token of one name while a rotation overlaps', () => {
    const rotating = new BearerTokens([
      { name: 'portal-a', token: 'old-token-0123456789' },
      { name: 'portal-a', token: 'new-token-0123456789' },
    ]);

    expect(rotating.nameOf('Bearer old-token-0123456789')).toBe('portal-a');
    expect(rotating.nameOf('Bearer new-token-0123456789')).toBe('portal-a');
  });
});
