import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parsePurchaseEvent } from '@mp/contracts';
import type { HistoryPage, HistoryPagePurchase } from './fleet-verify';
import type { LocatedEvent } from './replay.types';

/**
 * Stored histories as files (`*.history.json`, the golden histories' form: `{"events": [...]}`), as one page for
 * the fleet replay: CI folds the golden histories with the same command as the production index. Each event is
 * read through the contracts' parser and upcasters, as the indexer reads the log; one the current contracts cannot
 * read fails the whole run, naming the file and the event.
 */
export function historyFilesPage(folder: string): HistoryPage {
  const files = readdirSync(folder)
    .filter((name) => name.endsWith('.history.json'))
    .sort();
  if (files.length === 0) throw new Error(`no *.history.json file in ${folder}`);
  return { purchases: files.map((name) => purchaseOf(join(folder, name))), next: null };
}

function purchaseOf(path: string): HistoryPagePurchase {
  const name = basename(path);
  const stored = JSON.parse(readFileSync(path, 'utf8')) as { events?: unknown };
  if (!Array.isArray(stored.events)) throw new Error(`${name}: no "events" list`);
  const events = stored.events.map((raw: unknown, index): LocatedEvent => {
    const parsed = parsePurchaseEvent(raw);
    if (!parsed.ok)
      throw new Error(`${name}: event #${index + 1} cannot be read: ${parsed.reason}`);
    return { event: parsed.event, kafka: { topic: name, partition: 0, offset: String(index) } };
  });
  return { transactionId: name.replace(/\.history\.json$/, ''), events, effects: [] };
}
