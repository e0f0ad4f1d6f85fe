import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { loadOrchestratorConfig } from '@mp/config';
import { type PurchaseEvent, type PurchaseInputRecord } from '@mp/contracts';
import { admitInput, decideFrom, foldState } from '@mp/purchase-machine';
import { portalEvents } from '../support/portal-events';
import {
  getJson,
  postJson,
  startPurchaseSystem,
  type PurchaseSystem,
} from '../support/purchase-system';
import { SmdpResponder } from '../support/smdp-responder';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

jest.setTimeout(120_000);

// Issue 14 (ADR 0032): an ended purchase leaves memory for PostgreSQL, and a late input brings it back. The late
// input must be decided exactly as a fold of the purchase's whole log decides it: the test computes that decision
// itself from the log and compares it, event for event, with what the orchestrator appended.

describe('an ended purchase evicted to PostgreSQL and hit by late inputs', () => {
  let system: PurchaseSystem;
  let responder: SmdpResponder;
  let recorder: TopicRecorder;
  let sql: Client;

  beforeAll(async () => {
    system = await startPurchaseSystem({ env: { ORCHESTRATOR_EVICT_AFTER_SECONDS: '1' } });
    responder = new SmdpResponder(system.kafka, system.names, {
      iccidPrefix: '4471',
      notifyInstalled: true,
    });
    await responder.start();
    recorder = new TopicRecorder(system.kafka, [
      system.names.topics.purchaseEvents,
      system.names.topics.purchaseInputs,
      system.names.topics.purchaseSnapshots,
    ]);
    await recorder.start();
    sql = new Client({ connectionString: system.env.DATABASE_URL });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await recorder?.stop();
    await responder?.stop();
    await system?.stop();
  });

  const history = (transactionId: string) =>
    recorder
      .json<PurchaseEvent>(system.names.topics.purchaseEvents)
      .filter((event) => event.metadata?.transactionId === transactionId);
  const evictedRow = async (transactionId: string) => {
    const { rows } = await sql.query<{ sequence: number; iccids: string[] }>(
      `SELECT p.sequence, array_agg(i.iccid) AS iccids
         FROM "${system.env.DATABASE_SCHEMA}".evicted_purchases p
         LEFT JOIN "${system.env.DATABASE_SCHEMA}".evicted_iccids i USING (transaction_id)
        WHERE p.transaction_id = $1 GROUP BY p.sequence`,
      [transactionId],
    );
    return rows[0];
  };
  const tombstoned = (transactionId: string) =>
    recorder.records.some(
      (record) =>
        record.topic === system.names.topics.purchaseSnapshots &&
        record.key === `purchase:${transactionId}` &&
        record.value === null,
    );

  it('is decided as if it had never left: a repeated portal event is a duplicate, an LPA error under a new launch is its own', async () => {
    const original = `evicted-${randomUUID()}`;
    const event = portalEvents.inline(original);
    expect((await postJson(`${system.gatewayUrl}/v1/portal-events`, event)).status).toBe(202);
    const completed = await waitFor(
      async () => {
        const read = await getJson(`${system.gatewayUrl}/v1/purchases/${original}?waitMs=5000`);
        const view = read.body as { status?: string; profile?: { iccid: string } };
        return view.status === 'completed' ? view : undefined;
      },
      { timeoutMs: 30_000, what: 'the purchase completed' },
    );
    const iccid = completed.profile!.iccid;

    const row = await waitFor(
      async () =>
        (await evictedRow(original)) && tombstoned(original) ? evictedRow(original) : undefined,
      { timeoutMs: 30_000, what: 'the purchase evicted: saved, then tombstoned' },
    );
    await recorder.catchUp();
    const before = history(original);
    expect(row).toEqual({ sequence: before.length, iccids: [iccid] });

    // The portal sends the purchase's event again (G3), then the user retries from a new launch (ADR 0027).
    expect((await postJson(`${system.gatewayUrl}/v1/portal-events`, event)).status).toBe(202);
    const launch = `launch-${randomUUID()}`;
    const lpaError = {
      eventId: randomUUID(),
      type: 'LpaErrorReported',
      transactionId: launch,
      occurredAt: new Date().toISOString(),
      iccid,
      codes: ['ProfileNotAvailableForNewBinding'],
      timestamps: ['2026-01-01 10:00:00'],
    };
    expect((await postJson(`${system.gatewayUrl}/v1/portal-events`, lpaError)).status).toBe(202);
    // Routed by its ICCID, which only the evicted purchase's row still names, to the purchase, loaded back.
    await waitFor(
      () =>
        history(original).some(
          (e) => e.type === 'LpaErrorReported' && e.data.launchTransactionId === launch,
        )
          ? true
          : undefined,
      { timeoutMs: 30_000, what: 'the LPA error taken up by the evicted purchase' },
    );
    await recorder.catchUp();

    // The LPA error reached the purchase's partition as a forwarded input: decided from a fold of the log, it must
    // give exactly the events the orchestrator appended for it (and the repeated event none).
    const forwarded = recorder
      .json<PurchaseInputRecord>(system.names.topics.purchaseInputs)
      .find(
        (record) =>
          record.kind === 'input' &&
          'transactionId' in record.address &&
          record.address.transactionId === original &&
          record.input.id === lpaError.eventId,
      );
    expect(forwarded).toBeDefined();
    const input = (forwarded as { input: Record<string, unknown> }).input;
    const settings = loadOrchestratorConfig(system.env).orchestrator.purchase;
    const reference = decideFrom(
      foldState(before),
      admitInput({ ...input, transactionId: original }),
      settings,
    );
    expect(reference.events.length).toBeGreaterThan(0);
    const after = history(original).slice(before.length);
    expect(after.slice(0, reference.events.length)).toEqual(reference.events);
    expect(after.filter((e) => e.type === 'PurchaseAccepted')).toEqual([]);
    expect(history(original).map((e) => e.metadata.sequence)).toEqual(
      history(original).map((_, index) => index + 1),
    );
  });
});
