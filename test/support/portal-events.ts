import { randomUUID } from 'node:crypto';

/** Valid portal events (contracts.md section 1) for tests; each gets a fresh eventId unless one is given. */

export const TEST_EID = '89033023422130000000000199055797';

const completeMetadata = {
  userAccount: 'New',
  purchaseInstrument: 'New',
  line: 'New',
  moDirectStatus: 'Complete',
  planName: '2GB Monthly',
};

const plan = {
  planId: 'plan-2gb',
  balanceType: 'MODIRECTPAYG',
  dataMB: 2048,
  validity: 'P30D',
  locations: ['US'],
};

type Fields = Record<string, unknown>;

const common = (type: string, transactionId: string, fields: Fields) => ({
  eventId: randomUUID(),
  type,
  transactionId,
  occurredAt: new Date().toISOString(),
  ...fields,
});

export const portalEvents = {
  inline: (transactionId: string, fields: Fields = {}) =>
    common('PurchaseCompleted', transactionId, {
      flow: 'inline',
      purchaseMetadata: completeMetadata,
      eid: TEST_EID,
      plan,
      ...fields,
    }),
  asyncConnectivity: (transactionId: string, fields: Fields = {}) =>
    common('PurchaseCompleted', transactionId, {
      flow: 'asyncConnectivity',
      purchaseMetadata: completeMetadata,
      eid: TEST_EID,
      networkRegistrationIntervalMinutes: 5,
      plan,
      ...fields,
    }),
  delayedProfile: (transactionId: string, fields: Fields = {}) =>
    common('PurchaseCompleted', transactionId, {
      flow: 'delayedProfile',
      purchaseMetadata: completeMetadata,
      eid: TEST_EID,
      downloadDelayMinutes: 60,
      plan,
      ...fields,
    }),
  balanceAddition: (transactionId: string, iccid: string, fields: Fields = {}) =>
    common('PurchaseCompleted', transactionId, {
      flow: 'balanceAddition',
      purchaseMetadata: { ...completeMetadata, line: 'Existing' },
      iccid,
      plan,
      ...fields,
    }),
  cancelled: (transactionId: string, fields: Fields = {}) =>
    common('PurchaseCancelled', transactionId, {
      purchaseMetadata: { userAccount: 'New', line: 'Bailed', planName: '' },
      ...fields,
    }),
  failed: (transactionId: string, fields: Fields = {}) =>
    common('PurchaseFailed', transactionId, {
      purchaseMetadata: {
        userAccount: 'New',
        line: 'New',
        planName: '',
        moDirectStatus: 'BillingError',
      },
      ...fields,
    }),
};
