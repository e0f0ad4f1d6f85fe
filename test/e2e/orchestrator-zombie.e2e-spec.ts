import type { Admin } from 'kafkajs';
import { Headers, RecordKinds, TransactionalIdPrefixes } from '@mp/event-log';
import { FaultRig } from '../support/fault-rig';
import { auditLog } from '../support/log-audit';
import type { OrchestratorProcess } from '../support/orchestrator-process';
import { expectDecidedOnce, purchaseMix, unsettled } from '../support/purchase-mix';
import { testKafka } from '../support/purchase-system';
import { TopicRecorder, type RecordedRecord } from '../support/topic-recorder';
import { TransactionStates, type DescribedTransaction } from '../support/transaction-states';
import { waitFor } from '../support/wait-for';

// Issue 12: one of two orchestrators frozen with SIGSTOP while the broker lists one of its transactions as Ongoing,
// kept frozen past its session so the group gives everything to the other, then resumed (a zombie). Real processes
// on a private broker and database (the faults rig).

jest.setTimeout(600_000);

const SESSION_TIMEOUT_MS = 10_000;

/** The frozen process's open transaction, as the broker described it while the process was frozen. */
interface FrozenTransaction {
  readonly transaction: DescribedTransaction;
  /** Partitions it had written to, with the offset its records start at there. */
  readonly written: readonly { topic: string; partition: number; from: bigint }[];
}

describe('orchestrator zombie (separate processes, private broker and database)', () => {
  let rig: FaultRig;
  let states: TransactionStates;
  let admin: Admin;

  beforeAll(async () => {
    rig = new FaultRig('orchestrator-zombie', {
      ORCHESTRATOR_SESSION_TIMEOUT_MS: String(SESSION_TIMEOUT_MS),
    });
    await rig.start();
    states = await TransactionStates.open(rig.broker.plaintext);
    admin = testKafka(rig.env).admin();
    await admin.connect();
  });

  afterAll(async () => {
    states?.close();
    await admin?.disconnect();
    await rig?.stop();
  });

  it('frozen mid-transaction past its session, then resumed: fenced, commits nothing, claims nothing the group gave away, and every purchase is decided once', async () => {
    // Info level: the log then says when each process joined the group and what it claimed (shown on failure).
    const zombie = await rig.orchestrator({ LOG_LEVEL: 'info' });
    const survivor = await rig.orchestrator({ LOG_LEVEL: 'info' });
    const partitionCount = (await admin.fetchTopicOffsets(rig.names.topics.portalEvents)).length;
    await bothOwning(zombie, survivor, partitionCount);

    const committed = new TopicRecorder(testKafka(rig.env), [
      rig.names.topics.purchaseEvents,
      rig.names.topics.purchaseEffects,
    ]);
    // Everything written, committed or not: a claim the zombie began shows here even if it never committed.
    const written = new TopicRecorder(testKafka(rig.env), [rig.names.topics.purchaseEvents], {
      readUncommitted: true,
    });
    await committed.start();
    await written.start();

    const events = purchaseMix(700, 'zombie');
    const stream = new PurchaseStream(events, (event) => rig.accept(event));
    try {
      // 1. Freeze the zombie while one of its transactions is open on the broker.
      const { memberId: zombieMember, claimed } = await zombie.partitions();
      expect(zombieMember).toEqual(expect.any(String));
      const zombieIds = (claimed ?? []).map((partition) => transactionalId(partition));
      const { frozen, endsAtFreeze } = await freezeMidTransaction(zombie, zombieIds, zombieMember!);

      // 2. Past its session: the group gives every partition to the survivor, whose claims fence the zombie.
      await waitFor(
        async () => {
          const { claimed: owned } = await survivor.partitions().catch(() => ({ claimed: [] }));
          return owned?.length === partitionCount ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250, what: 'the survivor to own every partition' },
      );
      const [fencedBy] = await states.describeTransactions([frozen.transaction.transactionalId]);
      expect(fencedBy!.producerId).toBe(frozen.transaction.producerId);
      expect(fencedBy!.producerEpoch).toBeGreaterThan(frozen.transaction.producerEpoch);

      // 3. Resume it, and let it find out: it joins the group again as a new member.
      zombie.signal('SIGCONT');
      await waitFor(
        async () => {
          const { memberId } = await zombie.partitions().catch(() => ({ memberId: zombieMember }));
          return memberId !== zombieMember && memberId !== null ? true : undefined;
        },
        { timeoutMs: 120_000, intervalMs: 250, what: 'the zombie to join the group again' },
      );
      await bothOwning(zombie, survivor, partitionCount);
      await stream.stop();
      const accepted = stream.accepted();

      await waitFor(
        () =>
          unsettled(auditLog(committed, rig.names.topics), accepted).length === 0
            ? true
            : undefined,
        { timeoutMs: 240_000, intervalMs: 1000, what: 'every accepted purchase decided' },
      );
      await bothOwning(zombie, survivor, partitionCount);
      await committed.catchUp();
      await written.catchUp();

      // Nothing lost, nothing doubled: each accepted purchase decided once, one ES2+ order each.
      const calls = await rig.simulatorCalls('downloadOrder');
      expectDecidedOnce(
        auditLog(committed, rig.names.topics),
        accepted,
        calls.map((call) => call.functionCallIdentifier),
      );

      // The frozen transaction's records were written, and never became visible to a read-committed reader.
      const inFrozen = (record: RecordedRecord) =>
        record.producerId === String(frozen.transaction.producerId) &&
        record.producerEpoch === frozen.transaction.producerEpoch &&
        frozen.written.some(
          ({ topic, partition, from }) =>
            record.topic === topic &&
            record.partition === partition &&
            BigInt(record.offset) >= from,
        );
      const frozenTopics = frozen.written.map(({ topic }) => topic);
      if (frozenTopics.includes(rig.names.topics.purchaseEvents)) {
        expect(written.records.filter(inFrozen).length).toBeGreaterThan(0);
      }
      expect(committed.records.filter(inFrozen)).toEqual([]);

      // Between its resume and its next join, the zombie claimed nothing: no barrier of its old member was even
      // written (committed or not) after the freeze.
      const zombieClaims = written.records
        .filter((record) => record.headers[Headers.recordKind] === RecordKinds.partitionClaimed)
        .filter((record) => BigInt(record.offset) >= endsAtFreeze.get(record.partition)!)
        .map((record) => ({
          partition: record.partition,
          offset: record.offset,
          ...(JSON.parse(record.value!.toString()) as { memberId?: string }),
        }))
        .filter((claim) => claim.memberId === zombieMember);
      expect(zombieClaims).toEqual([]);

      // It was fenced: its transaction failed on the epoch the survivor's claim took (INVALID_PRODUCER_EPOCH, whose
      // message pino keeps; kafkajs 2.2.4 knows no PRODUCER_FENCED).
      expect(zombie.child.stdout).toMatch(/Producer attempted an operation with an old epoch/);
      for (const orchestrator of [zombie, survivor]) {
        expect(orchestrator.child.stdout + orchestrator.child.stderr).not.toMatch(/"level":60/);
      }
      const warned = (orchestrator: OrchestratorProcess, message: string) =>
        orchestrator.child.stdout.split('\n').filter((line) => line.includes(message)).length;
      // Figures for the report.
      console.log(
        JSON.stringify({
          frozenTransaction: frozen.transaction.transactionalId,
          frozenEpoch: frozen.transaction.producerEpoch,
          epochAfterFencing: fencedBy!.producerEpoch,
          accepted: accepted.size,
          survivorReclaims: warned(survivor, 'transaction failed; re-claiming'),
          zombieReclaims: warned(zombie, 'transaction failed; re-claiming'),
          zombieAwaitingAssignment: warned(zombie, 'awaiting the next assignment'),
        }),
      );
    } catch (error) {
      const tail = (orchestrator: OrchestratorProcess) =>
        orchestrator.child.stdout
          .split('\n')
          .filter((line) => !line.includes('"level":20'))
          .slice(-80)
          .join('\n');
      console.log(`zombie log:\n${tail(zombie)}\n\nsurvivor log:\n${tail(survivor)}`);
      throw error;
    } finally {
      zombie.signal('SIGCONT');
      await stream.stop();
      await committed.stop();
      await written.stop();
    }
  });

  const transactionalId = (partition: number) =>
    `${rig.names.transactionalId(TransactionalIdPrefixes.orchestrator)}${partition}`;

  /** Both processes ready, each owning some partitions and together all: the group is settled. */
  async function bothOwning(
    first: OrchestratorProcess,
    second: OrchestratorProcess,
    partitionCount: number,
  ): Promise<void> {
    await waitFor(
      async () => {
        const [a, b] = await Promise.all([first.partitions(), second.partitions()]).catch(() => []);
        const claimed = [...(a?.claimed ?? []), ...(b?.claimed ?? [])];
        const settled =
          (a?.claimed?.length ?? 0) > 0 &&
          (b?.claimed?.length ?? 0) > 0 &&
          new Set(claimed).size === partitionCount &&
          first.lastStatus === 200 &&
          second.lastStatus === 200;
        return settled ? true : undefined;
      },
      { timeoutMs: 180_000, intervalMs: 250, what: 'both orchestrators owning partitions' },
    );
  }

  /**
   * SIGSTOPs the process at some moment and asks the broker whether one of its transactions is open with records
   * written; if not, SIGCONTs it and tries again a moment later. A transaction that looks open may still have its
   * end request in flight from before the freeze: it must still be open, unchanged, when asked again after a pause
   * (the frozen process sends nothing meanwhile). Returns it, and each partition's end offset at the freeze.
   */
  async function freezeMidTransaction(
    orchestrator: OrchestratorProcess,
    ids: readonly string[],
    memberId: string,
  ): Promise<{ frozen: FrozenTransaction; endsAtFreeze: Map<number, bigint> }> {
    const deadline = Date.now() + 120_000;
    for (let attempt = 1; Date.now() < deadline; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50 + ((attempt * 37) % 150)));
      orchestrator.signal('SIGSTOP');
      const open = await openTransaction(ids);
      if (open !== null) {
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const again = await openTransaction([open.transaction.transactionalId]);
        const group = (await admin.describeGroups([rig.names.groups.orchestrator])).groups[0];
        const stillMember = group?.members.some((member) => member.memberId === memberId);
        if (
          again !== null &&
          again.transaction.producerEpoch === open.transaction.producerEpoch &&
          JSON.stringify(again.written, bigints) === JSON.stringify(open.written, bigints) &&
          group?.state === 'Stable' &&
          stillMember === true
        ) {
          const ends = new Map<number, bigint>();
          for (const { partition, high } of await admin.fetchTopicOffsets(
            rig.names.topics.purchaseEvents,
          )) {
            ends.set(partition, BigInt(high));
          }
          return { frozen: open, endsAtFreeze: ends };
        }
      }
      orchestrator.signal('SIGCONT');
    }
    throw new Error('no open transaction of the process to freeze it in');
  }

  /** One of these transactional ids with a transaction Ongoing that has written records, or null. */
  async function openTransaction(ids: readonly string[]): Promise<FrozenTransaction | null> {
    const ongoing = new Set(
      (await states.listTransactions(['Ongoing'])).map((listed) => listed.transactionalId),
    );
    const candidates = ids.filter((id) => ongoing.has(id));
    if (candidates.length === 0) return null;
    for (const transaction of await states.describeTransactions(candidates)) {
      if (transaction.errorCode !== 0 || transaction.state !== 'Ongoing') continue;
      // The group's offsets topic is the broker's own: its records are not asked about.
      const topics = transaction.topics.filter(({ topic }) => !topic.startsWith('__'));
      if (topics.length === 0) continue;
      const producers = await states.describeProducers(topics);
      const written = topics.flatMap(({ topic, partitions }) =>
        partitions.flatMap((partition) =>
          (producers.get(`${topic}:${partition}`) ?? [])
            .filter(
              (producer) =>
                producer.producerId === transaction.producerId &&
                producer.producerEpoch === transaction.producerEpoch &&
                producer.currentTxnStartOffset >= 0n,
            )
            .map((producer) => ({ topic, partition, from: producer.currentTxnStartOffset })),
        ),
      );
      if (written.length > 0) return { transaction, written };
    }
    return null;
  }
});

const bigints = (_key: string, value: unknown) =>
  typeof value === 'bigint' ? value.toString() : value;

/**
 * Purchases sent ten at a time, a group every 400 ms or so, until stopped (or all sent): a steady load on both
 * processes before the freeze, while the zombie is frozen, and after it is resumed.
 */
class PurchaseStream {
  private stopping = false;
  private readonly sent = new Map<string, Record<string, unknown>>();
  private readonly running: Promise<void>;

  constructor(
    private readonly events: ReadonlyMap<string, Record<string, unknown>>,
    accept: (event: Record<string, unknown>) => Promise<void>,
  ) {
    this.running = (async () => {
      const list = [...events];
      for (let start = 0; start < list.length && !this.stopping; start += 10) {
        const group = list.slice(start, start + 10);
        await Promise.all(group.map(([, event]) => accept(event)));
        for (const [transactionId, event] of group) this.sent.set(transactionId, event);
        await new Promise((resolve) => setTimeout(resolve, 400));
      }
    })();
  }

  /** Stops after the group being sent; resolves once it is accepted. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  /** The purchases accepted so far (answered 202). */
  accepted(): ReadonlyMap<string, Record<string, unknown>> {
    return this.sent;
  }
}
