import { purchaseMachine } from '@mp/purchase-machine';

export interface MachineState {
  readonly id: string;
  readonly initial: boolean;
  /** No transition leaves it for another state. */
  readonly final: boolean;
  /** Layout: column (distance from the initial state; final states last) and row within the column. */
  readonly column: number;
  readonly row: number;
}

export interface MachineTransition {
  readonly from: string;
  readonly to: string;
  readonly events: readonly string[];
}

export interface MachineGraph {
  readonly id: string;
  readonly states: readonly MachineState[];
  readonly transitions: readonly MachineTransition[];
}

/**
 * The purchase machine's states and state-changing transitions, read from the machine definition itself (not
 * a drawing that could drift), with a layered layout the console draws as it is.
 */
export function machineGraph(): MachineGraph {
  const nodes = Object.entries(purchaseMachine.root.states);
  const edges = new Map<string, { from: string; to: string; events: Set<string> }>();
  for (const [from, node] of nodes) {
    for (const [eventType, definitions] of node.transitions) {
      for (const definition of definitions) {
        for (const target of definition.target ?? []) {
          if (target.key === from) continue;
          const key = `${from}->${target.key}`;
          const edge = edges.get(key) ?? { from, to: target.key, events: new Set<string>() };
          edge.events.add(eventType);
          edges.set(key, edge);
        }
      }
    }
  }
  const initial = purchaseMachine.root.initial.target[0]?.key ?? nodes[0]?.[0] ?? '';
  const ids = nodes.map(([id]) => id);
  const outgoing = (id: string) => [...edges.values()].filter((edge) => edge.from === id);
  const final = new Set(ids.filter((id) => outgoing(id).length === 0));
  const depth = new Map<string, number>([[initial, 0]]);
  const queue = [initial];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    for (const edge of outgoing(current)) {
      if (depth.has(edge.to) || final.has(edge.to)) continue;
      depth.set(edge.to, (depth.get(current) ?? 0) + 1);
      queue.push(edge.to);
    }
  }
  const lastColumn = Math.max(0, ...depth.values()) + 1;
  const rows = new Map<number, number>();
  const states = ids.map((id): MachineState => {
    const column = final.has(id) ? lastColumn : (depth.get(id) ?? lastColumn);
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    return { id, initial: id === initial, final: final.has(id), column, row };
  });
  return {
    id: purchaseMachine.id,
    states,
    transitions: [...edges.values()].map(({ from, to, events }) => ({
      from,
      to,
      events: [...events].sort(),
    })),
  };
}
