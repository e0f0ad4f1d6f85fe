import { runSupportCli } from '../support/support-cli';

// Spawns the CLI as a separate process (tsx compiles it at each start): on a loaded 2-core machine that alone
// can take tens of seconds, beyond the tier's 30 s default; the CLI's own process timeout is 60 s.
jest.setTimeout(120_000);

// The exports the Mobile Plans program needs from the operator, through the support CLI as an operations engineer
// runs it: from the configuration alone (no support API, no credential).

const operator = {
  BALANCE_API_COSA_ICCID_RANGES: '8988247000100000000-8988247000109999999',
  BALANCE_API_PROGRAM_ICCID_RANGES: '8988247000100000000-8988247000100999999',
  MOBILE_PLANS_PORTAL_URL: 'https://shop.operator.com/mobileplans',
  MOBILE_PLANS_GET_BALANCE_URL: 'https://balance.operator.com',
  MOBILE_PLANS_PORTAL_HOSTS: 'pay.psp.com',
};

describe('npm run support -- program …', () => {
  it('exports the COSA ranges with the program ranges inside them, and the walled-garden hosts', async () => {
    const [cosaJson, cosaText, gardenJson, gardenText] = await Promise.all([
      runSupportCli(['program', 'cosa-ranges', '--json'], operator),
      runSupportCli(['program', 'cosa-ranges'], operator),
      runSupportCli(['program', 'walled-garden', '--json'], operator),
      runSupportCli(['program', 'walled-garden'], operator),
    ]);

    expect([cosaJson.status, cosaText.status, gardenJson.status, gardenText.status]).toEqual([
      0, 0, 0, 0,
    ]);
    expect(JSON.parse(cosaJson.stdout)).toEqual({
      cosa: [
        {
          start: '8988247000100000000',
          end: '8988247000109999999',
          digits: 19,
          program: [{ start: '8988247000100000000', end: '8988247000100999999' }],
          notInProgram: [{ start: '8988247000101000000', end: '8988247000109999999' }],
        },
      ],
      serviceConfiguration: '8988247000100000000-8988247000100999999',
    });
    expect(cosaText.stdout).toMatch(/COSA\s+8988247000100000000-8988247000109999999/);
    expect(cosaText.stdout).toMatch(/not in program\s+8988247000101000000-8988247000109999999/);
    const hosts = (JSON.parse(gardenJson.stdout) as { hosts: { host: string }[] }).hosts.map(
      (row) => row.host,
    );
    expect(hosts.slice(0, 3)).toEqual(['shop.operator.com', 'balance.operator.com', 'pay.psp.com']);
    expect(hosts).toContain('login.live.com');
    expect(gardenText.stdout).toMatch(/balance\.operator\.com\s+https\s+GetBalance/);
  });

  it('refuses with the setting it needs, or the setting that is wrong', async () => {
    const [unset, invalid] = await Promise.all([
      runSupportCli(['program', 'walled-garden'], {}),
      runSupportCli(['program', 'cosa-ranges'], {
        ...operator,
        BALANCE_API_PROGRAM_ICCID_RANGES: '8988247000200000000-8988247000200000099',
      }),
    ]);

    expect(unset.status).toBe(1);
    expect(unset.stderr).toContain('MOBILE_PLANS_PORTAL_URL and MOBILE_PLANS_GET_BALANCE_URL');
    expect(invalid.status).toBe(1);
    expect(invalid.stderr).toContain('BALANCE_API_PROGRAM_ICCID_RANGES');
    expect(invalid.stderr).toContain('lies inside no valid COSA range');
  });
});
