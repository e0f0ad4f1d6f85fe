import { ConfigValidationError } from '../config-validation.error';
import { loadProgramExportsConfig } from './program-exports.config';

const issuesOf = (env: Record<string, string>) => {
  try {
    loadProgramExportsConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
};

describe('program exports configuration', () => {
  it('reads the ranges GetBalance uses and the public addresses', () => {
    const config = loadProgramExportsConfig({
      BALANCE_API_COSA_ICCID_RANGES: '8988247000100000000-8988247000109999999',
      BALANCE_API_PROGRAM_ICCID_RANGES: '8988247000100000000-8988247000100999999',
      MOBILE_PLANS_PORTAL_URL: 'https://Shop.Operator.com/mobileplans',
      MOBILE_PLANS_PORTAL_HOSTS: 'Pay.PSP.com,pay.psp.com, *.cdn.operator.com',
    });

    expect(config).toEqual({
      ranges: {
        cosa: [{ start: '8988247000100000000', end: '8988247000109999999' }],
        program: [{ start: '8988247000100000000', end: '8988247000100999999' }],
      },
      portalUrl: 'https://shop.operator.com/mobileplans',
      notificationUrl: null,
      getBalanceUrl: null,
      portalHosts: ['pay.psp.com', '*.cdn.operator.com'],
    });
  });

  it.each([
    ['MOBILE_PLANS_PORTAL_URL', 'http://shop.operator.com', 'must be an https:// URL'],
    ['MOBILE_PLANS_PORTAL_URL', 'https://shop.operator.com:8443', 'must not name a port'],
    ['MOBILE_PLANS_NOTIFICATION_URL', 'https://10.0.0.7', 'not an IP address'],
    ['MOBILE_PLANS_GET_BALANCE_URL', 'https://[::1]:3444', 'not an IP address'],
    ['MOBILE_PLANS_GET_BALANCE_URL', 'https://user:pw@balance.operator.com', 'credentials'],
    ['MOBILE_PLANS_PORTAL_URL', 'https://localhost', 'must be a host name'],
    ['MOBILE_PLANS_PORTAL_HOSTS', 'pay.psp.com,192.168.1.1', 'entry 2 must be a host name'],
    ['MOBILE_PLANS_PORTAL_HOSTS', 'pay_psp.com', 'entry 1 must be a host name'],
    [
      'BALANCE_API_PROGRAM_ICCID_RANGES',
      '8988247000200000001-8988247000200000099',
      'must end in 00',
    ],
  ])('refuses %s=%s, naming the setting', (key, value, message) => {
    expect(issuesOf({ [key]: value })).toEqual([
      { key, message: expect.stringContaining(message) as unknown },
    ]);
  });

  it('GetBalance may name a port (Microsoft calls the URL it is given)', () => {
    expect(
      loadProgramExportsConfig({
        MOBILE_PLANS_GET_BALANCE_URL: 'https://balance.operator.com:8443',
      }).getBalanceUrl,
    ).toBe('https://balance.operator.com:8443/');
  });
});
