import { type Es2RequestEffect, type PurchaseEffectRecord } from '@mp/contracts';
import { es2RequestBody } from '../es2/es2-request.builder';
import { smdpResultRecord } from './input-records.mapper';

const confirm: Es2RequestEffect = {
  type: 'SendEs2Request',
  function: 'confirmOrder',
  functionCallIdentifier: 'mp-1-2-confirmOrder',
  request: { iccid: '8988247000100003319', eid: '', releaseFlag: true },
};
const record: PurchaseEffectRecord = {
  effectId: 'e1',
  transactionId: 'tx-1',
  causationId: 'c1',
  issuedAt: '2026-01-01T00:00:00Z',
  effect: confirm,
};

describe('ES2+ requests and results of the adapter', () => {
  it('pads the ICCID, leaves out an empty EID and adds the request header', () => {
    expect(es2RequestBody(confirm, 'operator-1')).toEqual({
      header: {
        functionRequesterIdentifier: 'operator-1',
        functionCallIdentifier: 'mp-1-2-confirmOrder',
      },
      iccid: '8988247000100003319F',
      releaseFlag: true,
    });
  });

  it('fills the configured SM-DP+ address into a ConfirmOrder success that lacks it', () => {
    const result = smdpResultRecord(
      record,
      confirm,
      { status: 'succeeded', response: { matchingId: 'ABC' } },
      '2026-01-01T00:00:01Z',
      'smdp.example',
    );

    expect(result).toEqual({
      kind: 'input',
      address: { transactionId: 'tx-1' },
      input: {
        kind: 'smdpResult',
        id: 'smdp:mp-1-2-confirmOrder',
        at: '2026-01-01T00:00:01Z',
        function: 'confirmOrder',
        functionCallIdentifier: 'mp-1-2-confirmOrder',
        outcome: {
          status: 'succeeded',
          response: { matchingId: 'ABC', smdpAddress: 'smdp.example' },
        },
      },
    });
  });

  it('keeps a failure as the SM-DP+ gave it', () => {
    const outcome = { status: 'failed', subjectCode: '8.2.5', reasonCode: '3.7' } as const;
    expect(
      smdpResultRecord(record, confirm, outcome, '2026-01-01T00:00:01Z', 'x').input,
    ).toMatchObject({
      outcome,
    });
  });

  it('sends a re-asked DownloadOrder with the first call’s body, and names the re-ask in its answer’s id (ADR 0028)', () => {
    const first: Es2RequestEffect = {
      type: 'SendEs2Request',
      function: 'downloadOrder',
      functionCallIdentifier: 'mp-1-1-downloadOrder',
      request: { eid: '', profileType: 'standard' },
    };
    const reask: Es2RequestEffect = { ...first, reconciliation: { attempt: 2 } };
    const outcome = { status: 'failed', subjectCode: '8.2.5', reasonCode: '3.7' } as const;
    const idOf = (effect: Es2RequestEffect) =>
      smdpResultRecord(record, effect, outcome, '2026-01-01T00:00:01Z', 'x').input.id;

    expect(es2RequestBody(reask, 'operator-1')).toEqual(es2RequestBody(first, 'operator-1'));
    expect(idOf(first)).toBe('smdp:mp-1-1-downloadOrder');
    expect(idOf(reask)).toBe('smdp:mp-1-1-downloadOrder/reconciliation-2');
  });
});
