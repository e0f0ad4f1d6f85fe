import { SupportCredentials } from './support-credentials';

describe('SupportCredentials', () => {
  const credentials = new SupportCredentials([
    { user: 'alice', token: 'alice-token-0123456789' },
    { user: 'bob', token: 'bob-token-0123456789' },
  ]);

  it('names the user of a configured bearer token', () => {
    expect(credentials.userOf('Bearer alice-token-0123456789')).toBe('alice');
    expect(credentials.userOf('bearer bob-token-0123456789')).toBe('bob');
  });

  it('refuses a missing, unknown, truncated or non-bearer credential', () => {
    expect(credentials.userOf(undefined)).toBeNull();
    expect(credentials.userOf('')).toBeNull();
    expect(credentials.userOf('Bearer alice-token-012345678')).toBeNull();
    expect(credentials.userOf('Basic YWxpY2U6eA==')).toBeNull();
    expect(credentials.userOf('Bearer alice-token-0123456789 extra')).toBeNull();
  });
});
