import { type PurchaseEvent } from '@mp/contracts';
import { type AnyTransitionDefinition } from 'xstate';
import { type DirectedGraphNode, toDirectedGraph } from 'xstate/graph';
import { initialSnapshot, step } from '../decider/fold';
import { decide } from '../decider/purchase-decider';
import { fold } from '../decider/fold';
import { currentSettings, inputs, seedSettings } from '../testing/inputs.fixture';
import { journeys, runJourney } from '../testing/journeys.fixture';
import { purchaseMachine } from './purchase.machine';

interface Edge {
  readonly label: string;
  readonly transition: AnyTransitionDefinition;
}

function edgesOf(node: DirectedGraphNode): Edge[] {
  const own = node.edges.map((edge) => {
    const guard = edge.transition.guard ? ` [${JSON.stringify(edge.transition.guard)}]` : '';
    return {
      label: `${edge.source.id} --${edge.label.text}${guard}--> ${edge.target.id}`,
      transition: edge.transition,
    };
  });
  return [...own, ...node.children.flatMap(edgesOf)];
}

function statesOf(node: DirectedGraphNode): string[] {
  return [node.id, ...node.children.flatMap(statesOf)];
}

/** Replays a history and notes every transition definition it takes and every state it visits. */
function walk(
  history: readonly PurchaseEvent[],
  taken: Set<AnyTransitionDefinition>,
  visited: Set<string>,
) {
  let snapshot = initialSnapshot();
  visited.add(`purchase.${String(snapshot.value)}`);
  for (const event of history) {
    for (const transition of purchaseMachine.getTransitionData(snapshot, event))
      taken.add(transition);
    snapshot = step(snapshot, event).snapshot;
    visited.add(`purchase.${String(snapshot.value)}`);
  }
}

describe('path coverage from the machine graph (xstate/graph)', () => {
  const graph = toDirectedGraph(purchaseMachine);
  const edges = edgesOf(graph);
  const states = statesOf(graph).filter((id) => id !== 'purchase');
  const taken = new Set<AnyTransitionDefinition>();
  const visited = new Set<string>();
  for (const journey of journeys) {
    walk(runJourney(journey, seedSettings), taken, visited);
    walk(runJourney(journey, currentSettings), taken, visited);
  }

  it('the graph is non-trivial (guards against enumerating nothing)', () => {
    expect(states.length).toBe(12);
    expect(edges.length).toBeGreaterThan(60);
  });

  it.each(journeys.filter((journey) => journey.name !== 'rejected input recorded'))(
    'journey "$name" is accepted step by step (in both generations)',
    (journey) => {
      for (const settings of [seedSettings, currentSettings]) {
        const t = inputs();
        const history: PurchaseEvent[] = [];
        const outcomes = journey.steps(t).map((next) => {
          const input = typeof next === 'function' ? next(fold(history).context) : next;
          const decision = decide(history, input, settings);
          history.push(...decision.events);
          return decision.outcome;
        });
        expect(outcomes.filter((outcome) => outcome !== 'accepted')).toEqual([]);
      }
    },
  );

  it('every state is reached by some journey', () => {
    expect(states.filter((state) => !visited.has(state))).toEqual([]);
  });

  it('every transition is taken by some journey', () => {
    expect(edges.filter((edge) => !taken.has(edge.transition)).map((edge) => edge.label)).toEqual(
      [],
    );
  });
});
