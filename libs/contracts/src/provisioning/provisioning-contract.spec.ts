import { validateWith } from '../portal/portal-event.validator';
import { TextLimits } from '../common/text-limits';
import { provisioningRequestSchema } from './provisioning-request.v1';
import { provisioningResultSchema } from './provisioning-result.v1';

const ICCID = '8988247000100003319';

const provisioned = {
  requestId: 'evt-1:0/effect/2',
  transactionId: 'tx-1',
  iccid: ICCID,
  outcome: 'provisioned',
  occurredAt: '2025-06-01T10:00:00Z',
};
const failed = {
  ...provisioned,
  outcome: 'failed',
  reasonCode: 'PLAN_UNKNOWN',
  reasonText: 'the network has no plan plan-x',
};

describe('the provisioning result contract (docs/contracts.md section 7)', () => {
  it('takes a provisioned result and a failed one with its reason', () => {
    expect(validateWith(provisioningResultSchema, provisioned).ok).toBe(true);
    expect(validateWith(provisioningResultSchema, failed)).toMatchObject({
      ok: true,
      value: { outcome: 'failed', reasonCode: 'PLAN_UNKNOWN' },
    });
  });

  it.each([
    ['a failure without its code', { ...failed, reasonCode: undefined }, 'reasonCode'],
    ['a failure without its text', { ...failed, reasonText: undefined }, 'reasonText'],
    [
      'a reason code too long',
      { ...failed, reasonCode: 'A'.repeat(TextLimits.provisioningReasonCode + 1) },
      'reasonCode',
    ],
    ['a reason code with spaces', { ...failed, reasonCode: 'NO PLAN' }, 'reasonCode'],
    [
      'a reason text too long',
      { ...failed, reasonText: 'x'.repeat(TextLimits.provisioningReasonText + 1) },
      'reasonText',
    ],
    [
      'a request id too long',
      { ...provisioned, requestId: 'r'.repeat(TextLimits.provisioningRequestId + 1) },
      'requestId',
    ],
    [
      'a transactionId too long',
      { ...provisioned, transactionId: 't'.repeat(65) },
      'transactionId',
    ],
    ['an ICCID failing its Luhn check', { ...provisioned, iccid: '8988247000100003318' }, 'iccid'],
    ['an unknown outcome', { ...provisioned, outcome: 'maybe' }, 'outcome'],
    ['no time', { ...provisioned, occurredAt: undefined }, 'occurredAt'],
  ])('refuses %s, naming the field', (_label, record, parameter) => {
    expect(validateWith(provisioningResultSchema, record)).toMatchObject({ ok: false, parameter });
  });
});

describe('the provisioning request contract', () => {
  const request = {
    requestId: 'evt-1:0/effect/2',
    activation: 'warmSim',
    transactionId: 'tx-1',
    iccid: ICCID,
    eid: '89033023422130000000000199055797',
    plan: {
      planId: 'plan-2gb',
      planName: '2GB Monthly',
      balanceType: 'MODIRECTPAYG',
      dataMB: 2048,
      validity: 'P30D',
      locations: ['US'],
    },
    completeBy: '2025-06-01T10:15:00.000Z',
    requestedAt: '2025-06-01T10:00:00.000Z',
  };

  it('takes a request as the orchestrator writes it', () => {
    expect(validateWith(provisioningRequestSchema, request).ok).toBe(true);
  });

  it.each([
    ['an unknown activation', { ...request, activation: 'esim' }, 'activation'],
    [
      'a plan name too long',
      { ...request, plan: { ...request.plan, planName: 'p'.repeat(257) } },
      'plan.planName',
    ],
    ['no deadline', { ...request, completeBy: undefined }, 'completeBy'],
  ])('refuses %s', (_label, record, parameter) => {
    expect(validateWith(provisioningRequestSchema, record)).toMatchObject({ ok: false, parameter });
  });
});
