import type { RedriveReceipt } from '../../apps/support/src/redrive/redrive.service';
import type { OperatorAction } from '../../apps/support/src/operator/operator-actions.service';
import { uniqueName } from '../support/test-environment';
import { waitFor } from '../support/wait-for';
import {
  READ_ONLY_TOKEN,
  supportHistorySuite,
  type Detail,
  type Rejected,
  type Search,
} from '../support/support-api/support-history-fixture';

// What support sees when something went wrong: records the system rejected, and purchases parked after a failing
// handler, with the redrive that sets one going again.
describe('support API over the event index', () => {
  const suite = supportHistorySuite();
  const { names, purchases, get, post } = suite;

  it('lists rejected records, and keeps an unreadable event as one instead of dropping it', async () => {
    const transactionId = uniqueName('tx-rejected');
    await suite.writer.rejected({
      rejectionId: uniqueName('rej'),
      source: { topic: names.topics.portalEvents, partition: 0, offset: '7', key: transactionId },
      transactionId,
      code: 'INVALID_INPUT',
      reason: 'event.flow: invalid option',
      parameter: 'event.flow',
      value: '{"flow":"teleport"}',
      rejectedAt: '2025-06-01T10:00:00.000Z',
    });
    const garbage = await suite.writer.raw(names.topics.purchaseEvents, transactionId, 'not json', {
      'mp-record-kind': 'event',
    });

    const records = await waitFor(
      async () => {
        const { body } = await get<Rejected>(
          `/v1/support/rejected-records?transactionId=${transactionId}`,
        );
        return body.rejectedRecords.length === 2 ? body.rejectedRecords : undefined;
      },
      { timeoutMs: 20000, what: 'two rejected records' },
    );

    expect(records.map((r) => r.code).sort()).toEqual(['INVALID_INPUT', 'NOT_JSON']);
    expect(records.find((r) => r.code === 'NOT_JSON')?.kafka).toEqual(garbage);
  });

  it('shows a parked purchase, and records who redrove it and why on the inputs topic', async () => {
    const { transactionId } = purchases.cancelled!;
    await suite.writer.parking({
      kind: 'parked',
      transactionId,
      sequence: 1,
      at: '2025-06-01T11:00:00.000Z',
      error: { code: 'HANDLER_FAILED', message: 'boom' },
      attempts: 3,
      input: {
        source: {
          topic: names.topics.purchaseInputs,
          partition: 1,
          offset: '42',
          key: transactionId,
        },
        value: '{}',
      },
    });
    await waitFor(
      async () => {
        const { body } = await get<Search>('/v1/support/transactions?parked=true');
        return body.purchases.some((p) => p.transactionId === transactionId) ? true : undefined;
      },
      { timeoutMs: 20000, what: 'the parked purchase in search' },
    );
    const consumer = suite.kafka.consumer({ groupId: uniqueName('support-int-inputs') });
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topic: names.topics.purchaseInputs, fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        if (message.key?.toString() === transactionId) seen.push(message.value!.toString());
        return Promise.resolve();
      },
    });

    try {
      const missingReason = await post(`/v1/support/transactions/${transactionId}/redrive`, {});
      const unknown = await post('/v1/support/transactions/no-such-purchase/redrive', {
        reason: 'x',
      });
      const notParked = await post(
        `/v1/support/transactions/${purchases.inline!.transactionId}/redrive`,
        {
          reason: 'x',
        },
      );
      const unauthenticated = await post(
        `/v1/support/transactions/${transactionId}/redrive`,
        { reason: 'x' },
        null,
      );
      const readOnly = await post(
        `/v1/support/transactions/${transactionId}/redrive`,
        { reason: 'x' },
        READ_ONLY_TOKEN,
      );
      const accepted = await post(`/v1/support/transactions/${transactionId}/redrive`, {
        reason: 'SM-DP+ outage over, retrying',
      });

      expect(missingReason.status).toBe(400);
      expect(missingReason.body.error?.parameter).toBe('reason');
      expect(unknown.status).toBe(404);
      expect(notParked.status).toBe(409);
      expect(unauthenticated.status).toBe(401);
      expect([readOnly.status, readOnly.body.error?.code]).toEqual([403, 'ROLE_REQUIRED']);
      expect(accepted.status).toBe(202);
      expect(accepted.body).toMatchObject({
        kind: 'redrive',
        transactionId,
        requestedBy: 'alice',
        reason: 'SM-DP+ outage over, retrying',
        kafka: { topic: names.topics.purchaseInputs },
      });
      const onKafka = await waitFor(() => (seen.length > 0 ? seen : undefined), {
        timeoutMs: 20000,
        what: 'the redrive command on the inputs topic',
      });
      const { kafka: _, ...command } = accepted.body as RedriveReceipt;
      expect(onKafka.map((value) => JSON.parse(value) as unknown)).toEqual([command]);
      const summary = await get<Detail>(`/v1/support/transactions/${transactionId}`);
      expect(summary.body.parked).toMatchObject({ error: { code: 'HANDLER_FAILED' } });
      expect(summary.body.redrives).toEqual([
        expect.objectContaining({ redriveId: accepted.body.redriveId, requestedBy: 'alice' }),
      ]);
      // The audit every support user reads (the console's operator actions): bob sees what alice did.
      const actions = await get<{ operatorActions: OperatorAction[] }>(
        '/v1/support/operator-actions',
        READ_ONLY_TOKEN,
      );
      expect(actions.body.operatorActions).toContainEqual({
        actionId: accepted.body.redriveId,
        action: 'redrive',
        requestedBy: 'alice',
        requestedAt: accepted.body.requestedAt,
        transactionId,
        reason: 'SM-DP+ outage over, retrying',
      });
    } finally {
      await consumer.disconnect();
    }
  });
});
