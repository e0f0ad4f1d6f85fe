import { checkPlanNameRule } from '../common/purchase-metadata.rules';
import { portalEventSchema } from './portal-event.schema';

const common = {
  eventId: 'e-1',
  transactionId: '%2F7RBTuSJt02OZbX8.4',
  occurredAt: '2025-03-01T12:00:00+01:00',
};
const plan = {
  planId: 'p-1',
  balanceType: 'MODIRECTPAYG',
  dataMB: 2048,
  validity: 'P30D',
  locations: ['us'],
};
const md = {
  userAccount: 'New',
  lineType: 'Existing',
  moDirectStatus: 'Complete',
  planName: '2GB',
};

describe('portal events', () => {
  it('given a balance addition with a padded ICCID, then the F is dropped, lineType becomes line, activateProfile defaults', () => {
    const parsed = portalEventSchema.parse({
      ...common,
      type: 'PurchaseCompleted',
      flow: 'balanceAddition',
      iccid: '8988247000100003319F',
      purchaseMetadata: md,
      plan,
    });
    expect(parsed).toMatchObject({
      iccid: '8988247000100003319',
      activateProfile: false,
      purchaseMetadata: { line: 'Existing' },
      plan: { locations: ['US'] },
    });
    expect(parsed.type === 'PurchaseCompleted' && 'lineType' in parsed.purchaseMetadata).toBe(
      false,
    );
  });

  it.each([
    ['inline without eid', { flow: 'inline' }],
    [
      'async without interval',
      { flow: 'asyncConnectivity', eid: '89033023422130000000000199055797' },
    ],
    ['delayed without delay', { flow: 'delayedProfile', eid: '89033023422130000000000199055797' }],
    ['short eid', { flow: 'inline', eid: '8903302342213' }],
    ['ICCID not starting 89', { flow: 'balanceAddition', iccid: '1988247000100003319' }],
    [
      'negative interval',
      {
        flow: 'asyncConnectivity',
        eid: '89033023422130000000000199055797',
        networkRegistrationIntervalMinutes: -1,
      },
    ],
  ])('rejects %s', (_label, fields) => {
    const result = portalEventSchema.safeParse({
      ...common,
      type: 'PurchaseCompleted',
      purchaseMetadata: md,
      plan,
      ...fields,
    });
    expect(result.success).toBe(false);
  });

  it('rejects a transactionId over 64 characters', () => {
    const result = portalEventSchema.safeParse({
      ...common,
      transactionId: 'x'.repeat(65),
      type: 'PurchaseCancelled',
      purchaseMetadata: { planName: '' },
    });
    expect(result.success).toBe(false);
  });
});

describe('D21 planName rule', () => {
  it.each([
    [{ moDirectStatus: 'Complete', planName: '2GB' }, null],
    [{ moDirectStatus: 'Complete', planName: ' ' }, 'PURCHASE_METADATA_RULE'],
    [{ moDirectStatus: 'ServiceError', planName: '2GB' }, 'PURCHASE_METADATA_RULE'],
    [{ moDirectStatus: undefined, planName: '' }, null],
  ] as const)('%j → %s', (metadata, code) => {
    expect(checkPlanNameRule(metadata)?.code ?? null).toBe(code);
  });
});
