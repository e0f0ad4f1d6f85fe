import { ConfigValidationError, loadPortalGatewayConfig } from '@mp/config';
import { PORTAL_CLIENT, portalAccess } from './portal-access';

describe('portal access', () => {
  it('refuses to start a gateway that no portal client could call', () => {
    const config = loadPortalGatewayConfig({
      PORTAL_GATEWAY_CLIENT_TOKENS: 'none',
      PORTAL_GATEWAY_CLIENT_CERTIFICATES: 'none',
    });

    expect(() => portalAccess(config)).toThrow(ConfigValidationError);
  });

  it('names the one requirement its routes declare', () => {
    const config = loadPortalGatewayConfig({
      PORTAL_GATEWAY_CLIENT_TOKENS: 'portal-a:portal-a-token-0123456789',
    });

    expect(Object.keys(portalAccess(config))).toEqual([PORTAL_CLIENT]);
  });
});
