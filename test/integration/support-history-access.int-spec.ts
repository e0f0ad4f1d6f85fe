import { ICCID } from '../../libs/purchase-machine/src/testing/inputs.fixture';
import { supportHistorySuite } from '../support/support-api/support-history-fixture';

// Who may read the index (bearer tokens), and the answers to requests for what is not there or not valid.
describe('support API over the event index', () => {
  const suite = supportHistorySuite();
  const { purchases, get } = suite;

  it('answers 401 without a credential, 403 with a wrong one, and never for a configured one', async () => {
    const { transactionId } = purchases.inline!;
    const none = await get(`/v1/support/transactions/${transactionId}/events`, null);
    const wrong = await get(
      `/v1/support/transactions/${transactionId}/events`,
      'not-a-token-at-all-00',
    );
    const bob = await get(
      `/v1/support/transactions/${transactionId}/events`,
      'bob-support-token-0123456789',
    );

    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    expect([wrong.status, wrong.body.error.code]).toEqual([403, 'CREDENTIAL_REFUSED']);
    expect(bob.status).toBe(200);
    for (const path of ['/replay', '']) {
      expect((await get(`/v1/support/transactions/${transactionId}${path}`, null)).status).toBe(
        401,
      );
    }
    expect((await get(`/v1/support/sims/${ICCID}/transactions`, null)).status).toBe(401);
    expect((await get('/v1/support/rejected-records', null)).status).toBe(401);
  });

  it('answers 404 for an unknown purchase and 400 naming the bad field', async () => {
    const unknown = await get('/v1/support/transactions/no-such-purchase/events');
    const unknownReplay = await get('/v1/support/transactions/no-such-purchase/replay');
    const badIccid = await get('/v1/support/sims/1234/transactions');
    const badState = await get('/v1/support/transactions?state=sleeping');
    const badParam = await get('/v1/support/transactions?colour=red');

    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({
      code: 'UNKNOWN_TRANSACTION',
      parameter: 'transactionId',
    });
    expect(unknownReplay.status).toBe(404);
    expect(badIccid.status).toBe(400);
    expect(badIccid.body.error).toMatchObject({ code: 'INVALID_PARAMETER', parameter: 'iccid' });
    expect(badState.body.error).toMatchObject({ parameter: 'state' });
    expect(badParam.body.error).toMatchObject({ parameter: 'colour' });
  });
});
