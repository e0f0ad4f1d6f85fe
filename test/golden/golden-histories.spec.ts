import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePurchaseEvent, type PurchaseEvent } from '@mp/contracts';
import { fold, purchaseViewOf } from '@mp/purchase-machine';

interface Golden {
  readonly description: string;
  readonly events: readonly unknown[];
  readonly expected: { readonly state: string; readonly view: unknown };
}

const folder = join(__dirname, 'histories');
const files = readdirSync(folder).filter((name) => name.endsWith('.history.json'));

function load(name: string): Golden {
  return JSON.parse(readFileSync(join(folder, name), 'utf8')) as Golden;
}

function upcastAll(raw: readonly unknown[]): PurchaseEvent[] {
  return raw.map((event, index) => {
    const parsed = parsePurchaseEvent(event);
    if (!parsed.ok)
      throw new Error(`event ${index}: ${parsed.reason} ${JSON.stringify(parsed.issues)}`);
    return parsed.event;
  });
}

describe('golden histories keep replaying to the same state and directive (G10)', () => {
  it('covers every flow, a cancellation, a failure and an old event version', () => {
    const flows = files.map((name) => load(name).expected.view as { flow: string; status: string });
    expect(new Set(flows.map((view) => view.flow))).toEqual(
      new Set([
        'inline',
        'asyncConnectivity',
        'delayedProfile',
        'balanceAddition',
        'cancelled',
        'failed',
      ]),
    );
    expect(flows.map((view) => view.status)).toEqual(
      expect.arrayContaining(['cancelled', 'failed', 'completed']),
    );
    expect(files.some((name) => name.includes('v1-directive'))).toBe(true);
  });

  it.each(files)('%s', (name) => {
    const golden = load(name);
    const snapshot = fold(upcastAll(golden.events));
    expect(snapshot.value).toBe(golden.expected.state);
    expect(purchaseViewOf(snapshot)).toEqual(golden.expected.view);
  });
});
