import type { Admin } from 'kafkajs';
import { FaultRig } from '../support/fault-rig';
import { auditLog } from '../support/log-audit';
import type { OrchestratorProcess } from '../support/orchestrator-process';
import { expectDecidedOnce, purchaseMix, sendInGroups, unsettled } from '../support/purchase-mix';
import { testKafka } from '../support/purchase-system';
import { TopicRecorder } from '../support/topic-recorder';
import { waitFor } from '../support/wait-for';

// Issue 14 (ADR 0032): a process restores only the partitions it claims, from the changelog. Real processes on a
// private broker and database (the faults rig): a failover to a process that never saw any partition, then the
// changelog deleted while no orchestrator runs and rebuilt from the log, then restored from again.

jest.setTimeout(600_000);

interface Restored {
  readonly partition: number;
  readonly from: 'changelog' | 'log';
  readonly purchases: number;
  readonly reason?: string;
}

/** What the process's log says it restored each partition from, the latest claim of each, by partition. */
function restoredBy(orchestrator: OrchestratorProcess): Restored[] {
  const latest = new Map<number, Restored>();
  for (const line of orchestrator.child.stdout.split('\n')) {
    if (!line.includes('"msg":"partition restored"')) continue;
    const restored = JSON.parse(line) as Restored;
    latest.set(restored.partition, restored);
  }
  return [...latest.values()].sort((a, b) => a.partition - b.partition);
}

describe('orchestrator state restored per claimed partition (separate processes, private broker and database)', () => {
  let rig: FaultRig;
  let admin: Admin;
  let recorder: TopicRecorder;
  let partitions = 0;
  const sent = new Map<string, Record<string, unknown>>();

  const send = async (events: ReadonlyMap<string, Record<string, unknown>>) => {
    await sendInGroups(events, (event) => rig.accept(event));
    for (const [transactionId, event] of events) sent.set(transactionId, event);
  };
  const settledAll = () =>
    waitFor(
      () => (unsettled(auditLog(recorder, rig.names.topics), sent).length === 0 ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 500, what: 'every accepted purchase settled' },
    );
  const started = async () => {
    const orchestrator = await rig.orchestrator({ LOG_LEVEL: 'info' });
    await orchestrator.ready();
    await waitFor(() => (restoredBy(orchestrator).length === partitions ? true : undefined), {
      timeoutMs: 30_000,
      what: 'every partition restored',
    });
    return orchestrator;
  };

  beforeAll(async () => {
    rig = new FaultRig('orchestrator-changelog', { ORCHESTRATOR_SESSION_TIMEOUT_MS: '6000' });
    await rig.start();
    admin = testKafka(rig.env).admin();
    await admin.connect();
    recorder = new TopicRecorder(testKafka(rig.env), [
      rig.names.topics.purchaseEvents,
      rig.names.topics.purchaseEffects,
    ]);
    await recorder.start();
  });

  afterAll(async () => {
    await recorder?.stop();
    await admin?.disconnect();
    await rig?.stop();
  });

  it('a process that never saw a partition decides on from the changelog; a deleted changelog is rebuilt from the log; every purchase is decided once', async () => {
    const first = await rig.orchestrator({ LOG_LEVEL: 'info' });
    await first.ready();
    partitions = (await admin.fetchTopicOffsets(rig.names.topics.portalEvents)).length;
    await waitFor(() => (restoredBy(first).length === partitions ? true : undefined), {
      timeoutMs: 30_000,
      what: 'the first process restored every partition',
    });
    // A new system: nothing to read back, so each partition is folded from its (empty) log and completed, as part
    // of its claim.
    expect(restoredBy(first).every((restored) => restored.from === 'log')).toBe(true);
    const before = purchaseMix(40, 'before');
    await send(before);
    await settledAll();

    // Failover: killed, no clean hand-over; the next process has never held any partition.
    await first.stop('SIGKILL');
    const second = await started();
    const fromChangelog = restoredBy(second);
    expect(fromChangelog.every((restored) => restored.from === 'changelog')).toBe(true);
    // The inline purchases wait for their devices: live, with their timers.
    expect(fromChangelog.reduce((sum, restored) => sum + restored.purchases, 0)).toBeGreaterThan(0);
    const afterFailover = purchaseMix(40, 'failover');
    await send(afterFailover);
    // Every portal event of before again: duplicates, answered by the restored state (G3).
    await send(before);
    await settledAll();
    await second.stop('SIGTERM');

    // The changelog deleted while no orchestrator runs: the next one creates it, and rebuilds from the log.
    await admin.deleteTopics({ topics: [rig.names.topics.purchaseSnapshots] });
    await waitFor(
      async () =>
        (await admin.listTopics()).includes(rig.names.topics.purchaseSnapshots) ? undefined : true,
      { timeoutMs: 30_000, what: 'the changelog deleted' },
    );
    const third = await started();
    expect(restoredBy(third).map(({ from, reason }) => ({ from, reason }))).toEqual(
      Array.from({ length: partitions }, () => ({
        from: 'log',
        reason: 'the changelog was never completed',
      })),
    );
    const afterRebuild = purchaseMix(40, 'rebuild');
    await send(afterRebuild);
    await send(before);
    await send(afterFailover);
    await settledAll();
    await third.stop('SIGTERM');

    const fourth = await started();
    expect(restoredBy(fourth).every((restored) => restored.from === 'changelog')).toBe(true);
    await recorder.catchUp();
    const calls = await rig.simulatorCalls('downloadOrder');
    expectDecidedOnce(
      auditLog(recorder, rig.names.topics),
      sent,
      calls.map((call) => call.functionCallIdentifier),
    );
    for (const orchestrator of [first, second, third, fourth]) {
      expect(orchestrator.child.stdout + orchestrator.child.stderr).not.toMatch(/"level":(50|60)/);
    }
  });
});
