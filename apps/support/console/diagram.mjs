// The purchase machine drawn from its definition (GET /v1/support/machine), with the path of the replay so far.
import { h } from './preact.mjs';
import htm from './htm.mjs';

const html = htm.bind(h);
const box = { width: 150, height: 38, columnGap: 190, rowGap: 62, margin: 16 };

const centre = (state) => ({
  x: box.margin + state.column * box.columnGap + box.width / 2,
  y: box.margin + state.row * box.rowGap + box.height / 2,
});

/** Where a line from a box's centre towards `to` leaves the box. */
function border(from, to) {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const scale = Math.min(
    dx === 0 ? Infinity : box.width / 2 / Math.abs(dx),
    dy === 0 ? Infinity : box.height / 2 / Math.abs(dy),
  );
  return { x: from.x + dx * scale, y: from.y + dy * scale };
}

export function MachineDiagram({ machine, visited, taken, current }) {
  if (!machine) return null;
  const byId = new Map(machine.states.map((state) => [state.id, state]));
  const columns = Math.max(...machine.states.map((state) => state.column)) + 1;
  const rows = Math.max(...machine.states.map((state) => state.row)) + 1;
  const width = box.margin * 2 + (columns - 1) * box.columnGap + box.width;
  const height = box.margin * 2 + (rows - 1) * box.rowGap + box.height;
  return html`
    <svg
      class="diagram"
      data-testid="machine-diagram"
      viewBox=${`0 0 ${width} ${height}`}
      role="img"
      aria-label="purchase machine states"
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head" />
        </marker>
        <marker
          id="arrow-taken"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto"
        >
          <path d="M0,0 L10,5 L0,10 z" class="arrow-head taken" />
        </marker>
      </defs>
      ${machine.transitions.map((transition) => {
        const from = centre(byId.get(transition.from));
        const to = centre(byId.get(transition.to));
        const a = border(from, to);
        const b = border(to, from);
        const isTaken = taken.has(`${transition.from}->${transition.to}`);
        return html`<line
          key=${`${transition.from}->${transition.to}`}
          class=${isTaken ? 'edge taken' : 'edge'}
          data-edge=${`${transition.from}->${transition.to}`}
          x1=${a.x}
          y1=${a.y}
          x2=${b.x}
          y2=${b.y}
          marker-end=${isTaken ? 'url(#arrow-taken)' : 'url(#arrow)'}
        >
          <title>${transition.events.join(', ')}</title>
        </line>`;
      })}
      ${machine.states.map((state) => {
        const { x, y } = centre(state);
        const classes = ['state'];
        if (visited.has(state.id)) classes.push('visited');
        if (state.id === current) classes.push('current');
        if (state.final) classes.push('final');
        return html`<g key=${state.id} class=${classes.join(' ')} data-state=${state.id}>
          <rect
            x=${x - box.width / 2}
            y=${y - box.height / 2}
            width=${box.width}
            height=${box.height}
            rx="8"
          />
          <text x=${x} y=${y + 5} text-anchor="middle">${state.id}</text>
        </g>`;
      })}
    </svg>
  `;
}
