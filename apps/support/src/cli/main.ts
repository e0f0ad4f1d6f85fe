import { Command } from 'commander';
import { loadProgramExportsConfig, readEnvironment } from '@mp/config';
import { cosaRangesExport } from '../program/cosa-ranges.export';
import { formatCosaRanges, formatWalledGarden } from '../program/program-exports.formatters';
import { walledGardenExport } from '../program/walled-garden.export';
import { verifyFleet, type Divergence, type HistoryPage } from '../replay/fleet-verify';
import { historyFilesPage } from '../replay/history-files.source';
import type { Replay } from '../replay/replay.types';
import { cliSettings } from './cli-settings';
import {
  formatDivergence,
  formatFleetReport,
  formatHistory,
  formatPurchases,
  formatOperatorActions,
  formatReplay,
  painter,
  type HistoryEvent,
  type OperatorActionLine,
  type PurchaseLine,
} from './cli.formatters';
import { SupportApiClient, SupportApiError } from './support-api.client';

// `npm run support -- <command>`: the support API from a terminal (same API as the console).

interface GlobalOptions {
  url?: string;
  token?: string;
  json?: boolean;
  color?: boolean;
}

const program = new Command('support')
  .description('Find a Mobile Plans purchase, read its history and replay it (support API).')
  .option('--url <url>', 'support API base URL (default: SUPPORT_URL, else http://127.0.0.1:3005)')
  .option(
    '--token <token>',
    'support bearer token (default: SUPPORT_TOKEN, else the generated development operator)',
  )
  .option('--json', 'print the API answer as JSON')
  .option('--no-color', 'plain text');

function context() {
  const options = program.opts<GlobalOptions>();
  const colour =
    options.color !== false && process.stdout.isTTY === true && !readEnvironment().NO_COLOR;
  return {
    api: new SupportApiClient(cliSettings({ url: options.url, token: options.token })),
    json: options.json === true,
    paint: painter(colour),
  };
}

function print(json: boolean, answer: unknown, text: () => string): void {
  process.stdout.write(`${json ? JSON.stringify(answer, null, 2) : text()}\n`);
}

const id = encodeURIComponent;

program
  .command('history <transactionId>')
  .description('the purchase’s events, oldest first, with their Kafka coordinates')
  .action(async (transactionId: string) => {
    const { api, json, paint } = context();
    const answer = await api.get<{ events: HistoryEvent[] }>(
      `/v1/support/transactions/${id(transactionId)}/events`,
    );
    print(json, answer, () => formatHistory(transactionId, answer.events, paint));
  });

program
  .command('replay <transactionId>')
  .description('each event folded through the purchase machine: states, changes, what it emitted')
  .action(async (transactionId: string) => {
    const { api, json, paint } = context();
    const answer = await api.get<Replay>(`/v1/support/transactions/${id(transactionId)}/replay`);
    print(json, answer, () => formatReplay(answer, paint));
  });

program
  .command('sim <iccid>')
  .description('the purchases that touched a SIM, newest first')
  .action(async (iccid: string) => {
    const { api, json, paint } = context();
    const answer = await api.get<{ purchases: PurchaseLine[] }>(
      `/v1/support/sims/${id(iccid)}/transactions`,
    );
    print(json, answer, () =>
      formatPurchases(`purchases of SIM ${iccid}`, answer.purchases, paint),
    );
  });

program
  .command('search')
  .description('purchases by state, flow, time, parked, waiting on a timer')
  .option('--q <text>', 'transactionId (or its start) or ICCID')
  .option('--state <state>')
  .option('--flow <flow>')
  .option('--from <time>')
  .option('--to <time>')
  .option('--parked')
  .option('--waiting-on-timer')
  .option('--limit <n>')
  .action(async (options: Record<string, string | boolean | undefined>) => {
    const { api, json, paint } = context();
    const params = new URLSearchParams();
    for (const key of ['q', 'state', 'flow', 'from', 'to', 'limit']) {
      const value = options[key];
      if (typeof value === 'string') params.set(key, value);
    }
    if (options.parked === true) params.set('parked', 'true');
    if (options.waitingOnTimer === true) params.set('waitingOnTimer', 'true');
    const answer = await api.get<{ purchases: PurchaseLine[] }>(
      `/v1/support/transactions?${params.toString()}`,
    );
    print(json, answer, () => formatPurchases('purchases', answer.purchases, paint));
  });

program
  .command('redrive <transactionId>')
  .description('release a parked purchase; you and your reason are recorded')
  .requiredOption('--reason <text>', 'why (recorded with your user)')
  .action(async (transactionId: string, options: { reason: string }) => {
    const { api, json, paint } = context();
    const answer = await api.post<{ redriveId: string; requestedBy: string; requestedAt: string }>(
      `/v1/support/transactions/${id(transactionId)}/redrive`,
      { reason: options.reason },
    );
    print(json, answer, () =>
      paint(
        'green',
        `redrive ${answer.redriveId} sent for ${transactionId} by ${answer.requestedBy} at ${answer.requestedAt}`,
      ),
    );
  });

program
  .command('rebuild-index')
  .description('drop the event index and read it again from the log (operators; recorded)')
  .option('--reason <text>', 'why (recorded with your user)')
  .action(async (options: { reason?: string }) => {
    const { api, json, paint } = context();
    const answer = await api.post<{ rebuilding: boolean }>(
      '/v1/support/index/rebuild',
      options.reason === undefined ? {} : { reason: options.reason },
    );
    print(json, answer, () => paint('green', 'event index rebuilding from the start of the log'));
  });

program
  .command('actions')
  .description('what operators did (redrives, index rebuilds), newest first')
  .option('--limit <n>', 'at most this many', '50')
  .action(async (options: { limit: string }) => {
    const { api, json } = context();
    const answer = await api.get<{ operatorActions: OperatorActionLine[] }>(
      `/v1/support/operator-actions?limit=${encodeURIComponent(options.limit)}`,
    );
    print(json, answer, () => formatOperatorActions(answer.operatorActions));
  });

program
  .command('verify')
  .description(
    'fold every indexed purchase through this build’s purchase machine and list those it would decide ' +
      'differently, with the first differing step (exit code 1 when any)',
  )
  .option('--page-size <n>', 'purchases per request (1 to 5000)', '1000')
  .option(
    '--histories <folder>',
    'history files (*.history.json) instead of the index, e.g. test/golden/histories',
  )
  .action(async (options: { pageSize: string; histories?: string }) => {
    const { api, json, paint } = context();
    const started = performance.now();
    const elapsedSeconds = () => (performance.now() - started) / 1000;
    const { histories } = options;
    const page = (after: string | null): Promise<HistoryPage> =>
      histories !== undefined
        ? Promise.resolve(historyFilesPage(histories))
        : api.get<HistoryPage>(
            `/v1/support/index/histories?limit=${encodeURIComponent(options.pageSize)}` +
              (after === null ? '' : `&after=${id(after)}`),
          );
    const report = await verifyFleet(page, {
      elapsedSeconds,
      onDivergence: (divergence: Divergence) => {
        if (!json) process.stdout.write(`${formatDivergence(divergence, paint)}\n`);
      },
      onProgress: (purchases, events, seconds) =>
        process.stderr.write(
          `verified ${purchases} purchases (${events} events) in ${seconds.toFixed(1)} s\n`,
        ),
    });
    print(json, report, () => formatFleetReport(report, paint));
    if (report.divergences.length > 0) process.exitCode = 1;
  });

const programExports = program
  .command('program')
  .description(
    'what the Mobile Plans program needs from the operator, from the configuration (no API call)',
  );

programExports
  .command('cosa-ranges')
  .description('the COSA ICCID ranges with the program ranges inside them')
  .action(() => {
    const { json, paint } = context();
    const answer = cosaRangesExport(loadProgramExportsConfig().ranges);
    print(json, answer, () => formatCosaRanges(answer, paint));
  });

programExports
  .command('walled-garden')
  .description(
    'the hosts to zero-rate: the portal, GetBalance, what the portal needs, and Microsoft’s',
  )
  .action(() => {
    const { json, paint } = context();
    const answer = walledGardenExport(loadProgramExportsConfig());
    if (!answer.ok) throw new Error(`set ${answer.missing.join(' and ')} (see .env.example)`);
    print(json, { hosts: answer.hosts }, () => formatWalledGarden(answer.hosts, paint));
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  const message =
    error instanceof SupportApiError
      ? `${error.code}${error.status > 0 ? ` (${error.status})` : ''}: ${error.message}`
      : error instanceof Error
        ? error.message
        : String(error);
  process.stderr.write(`support: ${message}\n`);
  process.exitCode = 1;
});
