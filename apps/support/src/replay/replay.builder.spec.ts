import { decidePurchase } from '../testing/decided-purchase';
import { effectRecord } from '../testing/purchase-log.writer';
import {
  ICCID_2,
  inputs,
  seedSettings,
} from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { buildReplay } from './replay.builder';
import type { RecordedEffect } from './replay.types';

const at = { topic: 'events', partition: 0, offset: '0' };

function purchase() {
  const t = inputs('tx-replay');
  return decidePurchase(
    [t.completed('inline'), t.reserved(), t.confirmed(), t.progress(4)],
    seedSettings,
  );
}

function recordedOf(decisions: ReturnType<typeof purchase>['decisions']): RecordedEffect[] {
  return decisions.flatMap((decided) =>
    decided.effects.map((effect, index) => ({
      ...effectRecord(decided, effect, index),
      kafka: at,
    })),
  );
}

describe('buildReplay', () => {
  it('steps through the states the purchase went through and finds nothing divergent in what ran', () => {
    const { decisions, history } = purchase();

    const replay = buildReplay(
      'tx-replay',
      history.map((event) => ({ event, kafka: at })),
      recordedOf(decisions),
    );

    expect(replay.path).toEqual([
      'idle',
      'reserving',
      'confirming',
      'awaitingDownload',
      'completed',
    ]);
    expect(replay.divergentSteps).toEqual([]);
    expect(replay.steps.every((step) => step.accepted)).toBe(true);
    expect(replay.steps.flatMap((step) => step.effects)).toEqual(
      decisions.flatMap((d) => d.effects),
    );
    expect(replay.steps.filter((step) => step.check !== null)).toHaveLength(decisions.length);
  });

  it('flags the decision whose recorded effects differ, naming what is missing and what is new', () => {
    const { decisions, history } = purchase();
    const recorded = recordedOf(decisions).map((record) =>
      record.causationId === decisions[1]!.input.id
        ? { ...record, effect: { ...(record.effect as object), request: { iccid: ICCID_2 } } }
        : record,
    );

    const replay = buildReplay(
      'tx-replay',
      history.map((event) => ({ event, kafka: at })),
      recorded,
    );

    const divergent = replay.steps.filter((step) => step.divergent);
    expect(divergent.map((step) => step.causationId)).toEqual([decisions[1]!.input.id]);
    expect(divergent[0]?.check?.missing).toHaveLength(1);
    expect(divergent[0]?.check?.unexpected).toHaveLength(1);
  });

  it('flags an event today’s machine would not accept in the state it arrived in', () => {
    const { history } = purchase();
    const [accepted, ...rest] = history;

    const replay = buildReplay(
      'tx-replay',
      [...rest, accepted!].map((event) => ({ event, kafka: at })),
      [],
    );

    expect(replay.steps[0]).toMatchObject({ accepted: false, divergent: true, stateAfter: 'idle' });
    expect(replay.effectsCompared).toBe(false);
  });

  it('reports the context that changed, down to nested fields', () => {
    const { history } = purchase();

    const replay = buildReplay(
      'tx-replay',
      history.map((event) => ({ event, kafka: at })),
      [],
    );

    const reserved = replay.steps.find((step) => step.type === 'ProfileReserved');
    expect(reserved?.changes.map((change) => change.path)).toEqual(
      expect.arrayContaining(['profile', 'pending.downloadOrder', 'pending.confirmOrder']),
    );
  });
});
