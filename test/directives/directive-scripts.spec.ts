import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { directiveTablePath } from '../../libs/purchase-machine/scripts/directive-table.file';

// Every directive script of docs/directives.md, run in a JavaScript sandbox against the objects the documents say
// the Mobile Plans app provides (test/support/mobile-plans-app): the script may touch nothing else, must make
// its metadata the documented way, and must make exactly the call its row's api and args describe.

interface Row {
  readonly number: number;
  readonly flow: string;
  readonly api: string;
  readonly args: readonly unknown[];
  readonly listeners: unknown;
  readonly script: string;
}

interface RecordedCall {
  readonly api: string;
  readonly args: readonly unknown[];
  readonly listeners?: unknown;
}

interface Stub {
  readonly calls: RecordedCall[];
  readonly problems: string[];
}

const stubSource = readFileSync(
  join(__dirname, '../support/mobile-plans-app/mobile-plans-app.stub.js'),
  'utf8',
);

function rowsOf(markdown: string): Row[] {
  const scripts = new Map<number, string>();
  for (const match of markdown.matchAll(
    /^### (\d+)\. .*\n\n(?:<!--.*-->\n)?```javascript\n(.*)\n```$/gm,
  )) {
    scripts.set(Number(match[1]), match[2] ?? '');
  }
  const rows: Row[] = [];
  for (const line of markdown.split('\n')) {
    const cells = /^\| (\d+) +\|(.*)\|$/.exec(line);
    if (cells === null) continue;
    const [flow = '', , api = '', args = '', listeners = ''] = (cells[2] ?? '')
      .split('|')
      .map((cell) => cell.trim());
    const number = Number(cells[1]);
    rows.push({
      number,
      flow,
      api: api.replace(/`/g, ''),
      args: [...args.matchAll(/`([^`]+)`/g)].map((match) => JSON.parse(match[1] ?? '') as unknown),
      listeners:
        listeners === '' ? undefined : (JSON.parse(listeners.replace(/`/g, '')) as unknown),
      script: scripts.get(number) ?? '',
    });
  }
  return rows;
}

/** Runs one script in a fresh context that holds the app's objects and nothing of Node's. */
function run(script: string): { stub: Stub; value: unknown; error: unknown } {
  const sandbox = createContext({});
  runInContext(stubSource, sandbox);
  const stub = runInContext('installMobilePlansStub(globalThis)', sandbox) as Stub;
  let value: unknown;
  let error: unknown = null;
  try {
    value = runInContext(script, sandbox, { timeout: 1000 });
  } catch (thrown) {
    error = thrown;
  }
  // Plain copies: objects made in another realm compare by their own prototypes.
  const plain = <T>(data: T): T => JSON.parse(JSON.stringify(data ?? null)) as T;
  return { stub: plain(stub), value: plain(value), error };
}

const rows = rowsOf(readFileSync(directiveTablePath, 'utf8'));

describe('directive scripts run against the documented Mobile Plans objects', () => {
  it('finds every row of docs/directives.md and its script', () => {
    expect(rows.map((row) => row.number)).toEqual(rows.map((_row, index) => index + 1));
    expect(rows.length).toBe(17);
    expect(rows.filter((row) => row.script === '')).toEqual([]);
  });

  it.each(rows.map((row) => [`${row.number}. ${row.flow} → ${row.api}`, row] as const))(
    '%s makes exactly its documented call',
    (_name, row) => {
      const { stub, value, error } = run(row.script);

      expect(error).toBeNull();
      expect(stub.problems).toEqual([]);
      expect(stub.calls).toEqual([
        {
          api: row.api,
          args: row.args,
          ...(row.listeners === undefined ? {} : { listeners: row.listeners }),
        },
      ]);
      // The line's value is what the API returned: the current generation's operation context.
      const returnsContext =
        row.api === 'MobilePlansInlineOperations.notifyProfileDownload' ||
        row.api === 'MobilePlansInlineOperations.notifyBalanceAddition';
      expect(value).toEqual(returnsContext ? { Id: 'stub-operation-1' } : null);
    },
  );

  it('fails a script that passes the metadata as a JSON object literal (the form before ADR 0013)', () => {
    const { stub, error } = run(
      'MobilePlans.notifyCancelledPurchase({"userAccount":"New","moDirectStatus":"Cancelled","planName":""});',
    );
    expect(error).not.toBeNull();
    expect(stub.problems).toEqual([
      'MobilePlans.notifyCancelledPurchase argument 1: not made by MobilePlans.createPurchaseMetaData()',
    ]);
  });

  it('fails a script that uses an undocumented member or global', () => {
    expect(run('MobilePlansMoDirectStatus.none;').stub.problems).toEqual([
      'MobilePlansMoDirectStatus.none is not documented',
    ]);
    expect(run('MobilePlans.notifyPurchaseResult("{}");').stub.problems).toEqual([
      'MobilePlans.notifyPurchaseResult is not documented',
    ]);
    expect(run('MobilePlans.createPurchaseMetaData().lineStatus = "New";').stub.problems).toEqual([
      'purchaseMetaData.lineStatus cannot be set',
    ]);
    expect(String(run('window.external.notify("{}");').error)).toBe(
      'ReferenceError: window is not defined',
    );
  });
});
