import { randomUUID } from 'node:crypto';
import { ItemLimits, TextLimits, maxExternalEventBytes } from '@mp/contracts';
import { luhnCheckDigit } from '@mp/sim';
import { portalEvents } from '../support/portal-events';
import { postJson, startPurchaseSystem, type PurchaseSystem } from '../support/purchase-system';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// G14 at the HTTP edge: every string of the contract has a maximum length, and the gateway applies every rule of the
// contract (D20, D21 included) before it answers 202; nothing it refuses reaches Kafka.

const ICCID = `894401000000000015${luhnCheckDigit('894401000000000015')}`;
const over = (limit: number) => 'x'.repeat(limit + 1);

let system: PurchaseSystem;
let recorder: TopicRecorder;

beforeAll(async () => {
  system = await startPurchaseSystem({ orchestrator: false });
  recorder = new TopicRecorder(system.kafka, [
    system.names.topics.portalEvents,
    system.names.topics.usage,
  ]);
  await recorder.start();
});

afterAll(async () => {
  await recorder?.stop();
  await system?.stop();
});

const post = (path: string, body: unknown) => postJson(`${system.gatewayUrl}${path}`, body);
const refusedWith = (parameter: string) => ({
  status: 400,
  body: { error: { code: 'INVALID_EVENT', message: expect.any(String) as unknown, parameter } },
});

const completed = (fields: Record<string, unknown>) => portalEvents.inline(randomUUID(), fields);
const metadata = (fields: Record<string, unknown>) =>
  ({
    userAccount: 'New',
    line: 'New',
    moDirectStatus: 'Complete',
    planName: '2GB',
    ...fields,
  }) as const;
const plan = (fields: Record<string, unknown>) => ({
  planId: 'p',
  balanceType: 'MODIRECT',
  dataMB: 1,
  validity: 'P30D',
  locations: ['US'],
  ...fields,
});

describe('a portal event with a string one character over its limit is refused, naming the field', () => {
  it.each([
    ['eventId', { eventId: over(TextLimits.eventId) }],
    ['transactionId', { transactionId: over(TextLimits.transactionId) }],
    ['occurredAt', { occurredAt: `2025-03-01T12:00:00.${'1'.repeat(60)}Z` }],
    [
      'purchaseMetadata.planName',
      { purchaseMetadata: metadata({ planName: over(TextLimits.planName) }) },
    ],
    ['plan.planId', { plan: plan({ planId: over(TextLimits.planId) }) }],
    ['plan.validity', { plan: plan({ validity: `P${'1'.repeat(TextLimits.validity)}D` }) }],
    ['plan.validity', { plan: plan({ validity: 'P999999Y' }) }],
    ['plan.locations', { plan: plan({ locations: Array(ItemLimits.locations + 1).fill('US') }) }],
    ['profileType', { profileType: over(TextLimits.profileType) }],
    ['eid', { eid: over(TextLimits.eid) }],
    ['downloadDelayMinutes', { flow: 'delayedProfile', downloadDelayMinutes: 10 ** 12 }],
  ])('%s', async (parameter, fields) => {
    expect(await post('/v1/portal-events', completed(fields))).toMatchObject(
      refusedWith(parameter),
    );
  });

  it('a 600 kB planName, as tried in issue 12', async () => {
    const event = completed({ purchaseMetadata: metadata({ planName: 'x'.repeat(600_000) }) });

    expect(await post('/v1/portal-events', event)).toMatchObject(
      refusedWith('purchaseMetadata.planName'),
    );
  });

  it('an ICCID padded with spaces past its limit (the length counts before trimming)', async () => {
    const event = portalEvents.balanceAddition(randomUUID(), ` ${ICCID}${' '.repeat(40)}`);

    expect(await post('/v1/portal-events', event)).toMatchObject(refusedWith('iccid'));
  });

  it.each([
    ['codes.0', { codes: [over(TextLimits.lpaCode)], timestamps: [] }],
    ['codes', { codes: Array(ItemLimits.lpaCodes + 1).fill('Other'), timestamps: [] }],
    ['timestamps.0', { codes: ['Other'], timestamps: [over(TextLimits.lpaTimestamp)] }],
  ])('LpaErrorReported %s', async (parameter, fields) => {
    const event = {
      eventId: randomUUID(),
      type: 'LpaErrorReported',
      transactionId: randomUUID(),
      occurredAt: new Date().toISOString(),
      iccid: ICCID,
      ...fields,
    };
    expect(await post('/v1/portal-events', event)).toMatchObject(refusedWith(parameter));
  });

  it('an event larger than the contract allows, however its size is made up', async () => {
    const event = completed({ extension: 'x'.repeat(maxExternalEventBytes) });

    expect(await post('/v1/portal-events', event)).toMatchObject(refusedWith('body'));
  });
});

describe('the cross-field rules of D20 and D21 are applied before 202', () => {
  it.each([
    [
      'PurchaseCompleted without a plan name',
      completed({ purchaseMetadata: metadata({ planName: ' ' }) }),
      'purchaseMetadata.planName',
    ],
    [
      'PurchaseCompleted with a failure status',
      completed({ purchaseMetadata: metadata({ moDirectStatus: 'BillingError', planName: '' }) }),
      'purchaseMetadata.moDirectStatus',
    ],
    [
      'PurchaseFailed with a plan name',
      portalEvents.failed(randomUUID(), {
        purchaseMetadata: metadata({ moDirectStatus: 'BillingError', planName: '2GB' }),
      }),
      'purchaseMetadata.planName',
    ],
    [
      'PurchaseFailed with the status of a success',
      portalEvents.failed(randomUUID(), { purchaseMetadata: metadata({ planName: '' }) }),
      'purchaseMetadata.planName',
    ],
    [
      'PurchaseFailed with no failure status',
      portalEvents.failed(randomUUID(), {
        purchaseMetadata: metadata({ moDirectStatus: 'None', planName: '' }),
      }),
      'purchaseMetadata.moDirectStatus',
    ],
    [
      'PurchaseCancelled with a plan name',
      portalEvents.cancelled(randomUUID(), { purchaseMetadata: { planName: '2GB' } }),
      'purchaseMetadata',
    ],
  ])('%s', async (_label, event, parameter) => {
    const answer = await post('/v1/portal-events', event);

    expect(answer).toMatchObject(refusedWith(parameter));
    expect(String(answer.body.error && (answer.body.error as { message: string }).message)).toMatch(
      /D2[01]/,
    );
  });
});

describe('usage events', () => {
  it.each([
    ['eventId', { eventId: over(TextLimits.eventId) }],
    ['occurredAt', { occurredAt: `2025-03-01T12:00:00.${'1'.repeat(60)}Z` }],
    ['iccid', { iccid: `${ICCID}${' '.repeat(TextLimits.iccid)}` }],
    ['body', { note: 'x'.repeat(maxExternalEventBytes) }],
  ])('%s over its limit is refused', async (parameter, fields) => {
    const usage = {
      eventId: randomUUID(),
      iccid: ICCID,
      location: 'US',
      usedMB: 5,
      occurredAt: new Date().toISOString(),
      ...fields,
    };
    expect(await post('/v1/usage-events', usage)).toMatchObject(refusedWith(parameter));
  });
});

it('accepts events whose strings are exactly at their limits, and only those reach Kafka', async () => {
  const transactionId = 't'.repeat(TextLimits.transactionId);
  const event = portalEvents.inline(transactionId, {
    eventId: 'e'.repeat(TextLimits.eventId),
    purchaseMetadata: metadata({ planName: 'n'.repeat(TextLimits.planName) }),
    plan: plan({ planId: 'p'.repeat(TextLimits.planId) }),
    profileType: 'q'.repeat(TextLimits.profileType),
  });

  expect((await post('/v1/portal-events', event)).status).toBe(202);

  await waitFor(
    () => (recorder.json(system.names.topics.portalEvents).length > 0 ? true : undefined),
    { what: 'the accepted event on the portal events topic' },
  );
  await recorder.catchUp();
  const onKafka = recorder.json<{ eventId: string }>(system.names.topics.portalEvents);
  expect(onKafka.map((record) => record.eventId)).toEqual([event.eventId]);
  expect(recorder.json(system.names.topics.usage)).toEqual([]);
});
