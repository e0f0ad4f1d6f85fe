import { luhnCheckDigit } from '@mp/sim';
import { SIMULATOR_FUNCTION_REQUESTER_ID } from '@mp/config';
import { edgeFetch, type Credential } from '../support/edge-client';
import { referenceLuhnDigit } from '../../libs/sim/src/testing/sim.arbitraries';
import { sendJson } from '../support/smdp-harness';
import { smdpAdapterSuite } from '../support/smdp-adapter/smdp-adapter-fixture';

const iccidOf = (serial: number) => {
  const body = `8988247999${String(serial).padStart(8, '0')}`;
  return body + luhnCheckDigit(body);
};

const notification = (iccid: string, requester = SIMULATOR_FUNCTION_REQUESTER_ID) => ({
  header: { functionRequesterIdentifier: requester, functionCallIdentifier: `n-${iccid}` },
  iccid: `${iccid}F`,
  profileType: 'standard',
  timestamp: '2026-01-01T00:00:00Z',
  notificationPointId: 4,
  notificationPointStatus: { status: 'Executed-Success' },
});

// The device side: the simulator's download progress notifications, which the adapter turns into inputs.
describe('SM-DP+ adapter against the simulator (ES2+ over mTLS, real broker)', () => {
  const smdp = smdpAdapterSuite();
  const { probe, admin, nextPurchase, requestEs2 } = smdp;

  it('turns the device side download notifications into downloadProgress inputs addressed by ICCID', async () => {
    const { transactionId, eid } = nextPurchase();
    const { outcome } = await requestEs2(transactionId, 1, 'downloadOrder', {
      eid,
      profileType: 'standard',
    });
    const iccid = outcome.response!.iccid!;
    const confirmed = await requestEs2(transactionId, 2, 'confirmOrder', {
      iccid,
      eid,
      releaseFlag: true,
    });

    const device = await sendJson('POST', admin('/device/downloads'), {
      matchingId: confirmed.outcome.response!.matchingId,
      outcome: 'installed',
    });

    expect(device).toMatchObject({
      status: 201,
      body: {
        state: 'Installed',
        notifications: [
          { notificationPointId: 3, status: 'Executed-Success', httpStatus: 204 },
          { notificationPointId: 4, status: 'Executed-Success', httpStatus: 204 },
        ],
      },
    });
    for (const point of [3, 4]) {
      const { value, record } = await probe.waitForRecord<{
        address: { iccid: string };
        input: Record<string, unknown>;
      }>(
        probe.names.topics.purchaseInputs,
        (v) =>
          v.input?.kind === 'downloadProgress' &&
          v.input.iccid === iccid &&
          v.input.notificationPointId === point,
        `notification point ${point}`,
      );
      expect(record.key).toBe(iccid);
      expect(value.address).toEqual({ iccid });
      expect(value.input).toMatchObject({
        eid,
        profileType: 'standard',
        notificationPointStatus: { status: 'Executed-Success' },
      });
      expect(value.input.id).toMatch(/^dpi:/);
    }
  });

  it('accepts a notification as osmocom pySim sends it: notificationPointId as a decimal string', async () => {
    // Byte for byte what pySim's Es2pApiClient.call_handleDownloadProgressInfo posts (pySim/esim/es2p.py and
    // http_json_api.py): Python's json.dumps spacing, the header first, the 19-digit ICCID padded with F,
    // ApiParamInteger's str(3), datetime.isoformat() with microseconds, resultData in base64. The requester is the
    // one the adapter is configured to accept (pySim's is a setting too), over the SM-DP+'s client certificate.
    const body19 = '898824700000000123';
    const iccid = body19 + referenceLuhnDigit(body19);
    const raw =
      `{"header": {"functionRequesterIdentifier": "${SIMULATOR_FUNCTION_REQUESTER_ID}", ` +
      '"functionCallIdentifier": "FCI-1718022896-1"}, ' +
      `"iccid": "${iccid}F", "profileType": "standard", "timestamp": "2024-06-10T12:34:56.123456+00:00", ` +
      '"notificationPointId": "3", "notificationPointStatus": {"status": "Executed-Success"}, ' +
      '"resultData": "vzeBgA=="}';

    const response = await edgeFetch(
      `${smdp.adapter.url}/gsma/rsp2/es2plus/handleDownloadProgressInfo`,
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Admin-Protocol': 'gsma/rsp/v2.5.0' },
        body: raw,
      },
    );

    // pySim's client insists on 204 and a v2 X-Admin-Protocol.
    expect(response.status).toBe(204);
    expect(response.headers.get('x-admin-protocol')).toMatch(/^gsma\/rsp\/v2\./);
    const { value } = await probe.waitForRecord<{ input: Record<string, unknown> }>(
      probe.names.topics.purchaseInputs,
      (v) => v.input?.kind === 'downloadProgress' && v.input.iccid === iccid,
      "pySim's notification",
    );
    expect(value.input).toMatchObject({
      notificationPointId: 3,
      profileType: 'standard',
      timestamp: '2024-06-10T12:34:56.123456+00:00',
      notificationPointStatus: { status: 'Executed-Success' },
    });
  });

  it('answers a notification that lacks a mandatory element with the ES2+ Failed body', async () => {
    const response = await edgeFetch(
      `${smdp.adapter.url}/gsma/rsp2/es2plus/handleDownloadProgressInfo`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' },
        body: JSON.stringify({
          header: {
            functionRequesterIdentifier: SIMULATOR_FUNCTION_REQUESTER_ID,
            functionCallIdentifier: 'n-1',
          },
          profileType: 'standard',
          timestamp: '2026-01-01T00:00:00Z',
          notificationPointId: 3,
          notificationPointStatus: { status: 'Executed-Success' },
        }),
      },
    );

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      header: {
        functionExecutionStatus: {
          status: 'Failed',
          statusCodeData: {
            subjectCode: '8.2.1',
            reasonCode: '2.2',
            subjectIdentifier: 'iccid',
            message: 'mandatory element iccid is missing',
          },
        },
      },
    });
  });

  it('refuses a forged notification (no certificate, another CA, another function requester) and publishes nothing of it', async () => {
    const post = (body: unknown, credential?: Credential) =>
      edgeFetch(`${smdp.adapter.url}/gsma/rsp2/es2plus/handleDownloadProgressInfo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-admin-protocol': 'gsma/rsp/v2.5.0' },
        body: JSON.stringify(body),
        ...(credential ? { credential } : {}),
      });
    const forged = [iccidOf(1), iccidOf(2), iccidOf(3), iccidOf(4)];

    const none = await post(notification(forged[0]!), {});
    const rogue = await post(notification(forged[1]!), { identity: 'rogue-client' });
    const operatorCa = await post(notification(forged[2]!), { identity: 'portal-client' });
    const requester = await post(notification(forged[3]!, 'someone-else'));
    // Then a genuine one: once it is on the topic, anything sent before it would be too.
    const genuine = iccidOf(5);
    const accepted = await post(notification(genuine));

    expect([none.status, await none.json()]).toEqual([
      401,
      {
        error: {
          code: 'CLIENT_CERTIFICATE_REQUIRED',
          message: 'A client certificate is required.',
        },
      },
    ]);
    expect([
      rogue.status,
      ((await rogue.json()) as { error: { code: string } }).error.code,
    ]).toEqual([403, 'CLIENT_CERTIFICATE_UNTRUSTED']);
    expect(operatorCa.status).toBe(403);
    expect([requester.status, await requester.json()]).toEqual([
      403,
      {
        error: {
          code: 'FUNCTION_REQUESTER_NOT_ALLOWED',
          message: 'This functionRequesterIdentifier may not send notifications.',
          parameter: 'header.functionRequesterIdentifier',
        },
      },
    ]);
    expect(accepted.status).toBe(204);
    await probe.waitForRecord<{ input: { iccid?: string } }>(
      probe.names.topics.purchaseInputs,
      (v) => v.input?.iccid === genuine,
      'the genuine notification',
    );
    const published = probe.seen.map((record) => JSON.stringify(record.value));
    for (const iccid of forged) expect(published.some((text) => text.includes(iccid))).toBe(false);
  });
});
