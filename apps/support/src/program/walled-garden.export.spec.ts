import { loadProgramExportsConfig } from '@mp/config';
import { walledGardenExport } from './walled-garden.export';

const configured = (env: Record<string, string>) =>
  loadProgramExportsConfig({
    MOBILE_PLANS_PORTAL_URL: 'https://shop.operator.com/mobileplans',
    MOBILE_PLANS_GET_BALANCE_URL: 'https://balance.operator.com:8443/',
    ...env,
  });

describe('the walled-garden export', () => {
  it("lists the operator's hosts first (portal, callbacks, GetBalance, what the portal needs), then Microsoft's", () => {
    const exported = walledGardenExport(
      configured({
        MOBILE_PLANS_NOTIFICATION_URL: 'https://callbacks.operator.com',
        MOBILE_PLANS_PORTAL_HOSTS: 'pay.psp.com, *.cdn.operator.com',
      }),
    );
    if (!exported.ok) throw new Error('expected hosts');

    expect(exported.hosts.slice(0, 5)).toEqual([
      expect.objectContaining({ host: 'shop.operator.com', protocols: ['https'] }),
      expect.objectContaining({ host: 'callbacks.operator.com', protocols: ['https'] }),
      expect.objectContaining({ host: 'balance.operator.com', purpose: 'GetBalance' }),
      expect.objectContaining({ host: 'pay.psp.com', source: 'MOBILE_PLANS_PORTAL_HOSTS' }),
      expect.objectContaining({ host: '*.cdn.operator.com' }),
    ]);
    const hosts = exported.hosts.map((row) => row.host);
    // Both Microsoft documents: the current list and the seed's older one.
    expect(hosts).toEqual(
      expect.arrayContaining([
        'login.live.com',
        'ocsp.digicert.com',
        '*smartscreen.microsoft.com',
        'mps.datamart.windows.com',
        'service.datamart.windows.com',
        'msftncsi.com',
      ]),
    );
    expect(new Set(hosts).size).toBe(hosts.length);
    expect(exported.hosts.find((row) => row.host === 'login.live.com')?.protocols).toEqual([
      'http',
      'https',
    ]);
    expect(hosts.every((host) => host === host.toLowerCase() && !/^[\d.]+$/.test(host))).toBe(true);
  });

  it('one row for a host that serves two purposes', () => {
    const exported = walledGardenExport(
      configured({ MOBILE_PLANS_NOTIFICATION_URL: 'https://shop.operator.com/callbacks' }),
    );
    if (!exported.ok) throw new Error('expected hosts');

    expect(exported.hosts.filter((row) => row.host === 'shop.operator.com')).toEqual([
      {
        host: 'shop.operator.com',
        protocols: ['https'],
        purpose: 'MO Direct portal; portal callbacks (notification URI)',
        source: 'MOBILE_PLANS_PORTAL_URL; MOBILE_PLANS_NOTIFICATION_URL',
      },
    ]);
  });

  it('names the settings it needs when the portal or GetBalance is not configured', () => {
    expect(walledGardenExport(loadProgramExportsConfig({}))).toEqual({
      ok: false,
      missing: ['MOBILE_PLANS_PORTAL_URL', 'MOBILE_PLANS_GET_BALANCE_URL'],
    });
  });
});
