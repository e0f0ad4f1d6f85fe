import fc from 'fast-check';
import { admitPortalEvent, moDirectStatusSchema, TextLimits } from '@mp/contracts';
import { decide } from './purchase-decider';
import { EID, ICCID, seedSettings, T0 } from '../testing/inputs.fixture';

// D21 and G14: the portal gateway answers 202 only to what the orchestrator will not refuse for a contract reason.
// Both apply admitPortalEvent's rules (the schema and portalEventRuleViolation); this checks that they agree on
// every combination of type, flow, status and plan name, bounds included.

const contractCodes = new Set(['INVALID_INPUT', 'PURCHASE_METADATA_RULE']);
const statuses = [...moDirectStatusSchema.options, undefined];
const planNames = [
  '',
  ' ',
  '2GB',
  'n'.repeat(TextLimits.planName),
  'n'.repeat(TextLimits.planName + 1),
];

const portalEvent = fc
  .record({
    type: fc.constantFrom('PurchaseCompleted', 'PurchaseCancelled', 'PurchaseFailed'),
    flow: fc.constantFrom('inline', 'balanceAddition'),
    moDirectStatus: fc.constantFrom(...statuses),
    planName: fc.constantFrom(...planNames),
    profileType: fc.constantFrom(undefined, 'gold', 'p'.repeat(TextLimits.profileType + 1)),
    transactionId: fc.constantFrom('tx-1', 't'.repeat(TextLimits.transactionId + 1)),
  })
  .map(({ type, flow, moDirectStatus, planName, profileType, transactionId }) => ({
    eventId: 'e-1',
    type,
    transactionId,
    occurredAt: T0,
    purchaseMetadata: { userAccount: 'New', moDirectStatus, planName },
    ...(type === 'PurchaseCompleted'
      ? {
          flow,
          ...(flow === 'inline' ? { eid: EID } : { iccid: ICCID }),
          plan: {
            planId: 'p',
            balanceType: 'MODIRECT',
            dataMB: 1,
            validity: 'P1D',
            locations: ['US'],
          },
          ...(profileType === undefined ? {} : { profileType }),
        }
      : {}),
  }));

it('the gateway admits a portal event exactly when the purchase machine has no contract reason to refuse it', () => {
  fc.assert(
    fc.property(portalEvent, (event) => {
      const admitted = admitPortalEvent(event).ok;
      const decision = decide(
        [],
        { kind: 'portalEvent', id: 'in-1', at: T0, transactionId: event.transactionId, event },
        seedSettings,
      );
      const refused = decision.outcome === 'rejected' && contractCodes.has(decision.rejection.code);
      expect({ admitted, refused: refused ? decision.rejection : null }).toEqual({
        admitted: !refused,
        refused: admitted ? null : (expect.anything() as unknown),
      });
    }),
    { numRuns: 400 },
  );
});
