import { renderDirectiveScript } from '@mp/contracts';
import { given, givenWith } from '../testing/given-when-then.helper';
import { completeMetadata, currentSettings, ICCID, inputs } from '../testing/inputs.fixture';

const md = completeMetadata;

describe('balance addition flow', () => {
  it('seed generation: no SM-DP+ call; notifyBalanceAddition(md, iccid) at once; completed', () => {
    const t = inputs();
    const outcome = given().when(t.completed('balanceAddition'));
    expect(outcome.types).toEqual(['PurchaseAccepted', 'DirectiveIssued']);
    expect(outcome.effects).toEqual([
      {
        type: 'PublishDirective',
        transactionId: 'tx-1',
        directive: {
          api: 'MobilePlans.notifyBalanceAddition',
          args: [md, ICCID],
          script: renderDirectiveScript('MobilePlans.notifyBalanceAddition', [md, ICCID]),
        },
      },
    ]);
    expect(outcome.snapshot.value).toBe('completed');
  });

  it('current generation: notifyBalanceAddition(md) without a profile switch', () => {
    const t = inputs();
    const outcome = givenWith(currentSettings).when(t.completed('balanceAddition'));
    expect(outcome.snapshot.context.directive).toMatchObject({
      api: 'MobilePlansInlineOperations.notifyBalanceAddition',
      args: [md],
    });
  });

  it('current generation: notifyBalanceAddition(md, iccid) when the profile must become active', () => {
    const t = inputs();
    const outcome = givenWith(currentSettings).when(
      t.completed('balanceAddition', { activateProfile: true }),
    );
    expect(outcome.snapshot.context.directive).toMatchObject({
      api: 'MobilePlansInlineOperations.notifyBalanceAddition',
      args: [md, ICCID],
    });
  });

  it('records the accepted purchase with the settings in force, for replay (G10)', () => {
    const t = inputs();
    const outcome = given().when(t.completed('balanceAddition'));
    expect(outcome.decision.events[0]).toMatchObject({
      type: 'PurchaseAccepted',
      data: {
        flow: 'balanceAddition',
        iccid: ICCID,
        profileType: null,
        settings: {
          callbackApiGeneration: 'seed',
          defaultProfileType: 'MP-DEFAULT',
          fallbackProfileType: null,
          smdsAddress: 'lpa.ds.gsma.com',
          releaseLeadTimeMinutes: 5,
        },
      },
      metadata: {
        eventId: 'tx-1-in-1:0',
        transactionId: 'tx-1',
        sequence: 1,
        occurredAt: '2025-06-01T10:01:00.000Z',
        causationId: 'tx-1-in-1',
        schemaVersion: 1,
      },
    });
  });
});
