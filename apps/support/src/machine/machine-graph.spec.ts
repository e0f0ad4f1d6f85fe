import { machineGraph } from './machine-graph';

describe('machineGraph', () => {
  const graph = machineGraph();

  it('has every state of the purchase machine, idle first and the end states last', () => {
    const ids = graph.states.map((state) => state.id);
    expect(ids).toEqual(
      expect.arrayContaining(['idle', 'reserving', 'confirming', 'awaitingRelease', 'releasing']),
    );
    expect(graph.states.find((state) => state.initial)?.id).toBe('idle');
    const last = Math.max(...graph.states.map((state) => state.column));
    expect(
      graph.states
        .filter((state) => state.final)
        .map((state) => state.id)
        .sort(),
    ).toEqual(['cancelled', 'completed', 'failed']);
    expect(
      graph.states.filter((state) => state.final).every((state) => state.column === last),
    ).toBe(true);
  });

  it('has the state-changing transitions with the events that take them', () => {
    expect(graph.transitions).toEqual(
      expect.arrayContaining([
        { from: 'idle', to: 'reserving', events: ['PurchaseAccepted'] },
        { from: 'awaitingRelease', to: 'releasing', events: ['LpaErrorReported', 'TimerFired'] },
      ]),
    );
    expect(graph.transitions.every((transition) => transition.from !== transition.to)).toBe(true);
  });

  it('lays out no two states on the same spot', () => {
    const spots = graph.states.map((state) => `${state.column}/${state.row}`);
    expect(new Set(spots).size).toBe(spots.length);
  });
});
