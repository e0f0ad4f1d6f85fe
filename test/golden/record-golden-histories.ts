// Records golden histories once: npx tsx test/golden/record-golden-histories.ts
// An existing file is never overwritten: a golden history is a promise about the past, not a snapshot of today.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type PurchaseEvent } from '@mp/contracts';
import { fold, purchaseViewOf } from '@mp/purchase-machine';
import {
  currentSettings,
  seedSettings,
} from '../../libs/purchase-machine/src/testing/inputs.fixture';
import { journeys, runJourney } from '../../libs/purchase-machine/src/testing/journeys.fixture';

const recordings = [
  { file: 'inline.seed', journey: 'inline', settings: seedSettings },
  { file: 'inline.current', journey: 'inline', settings: currentSettings },
  { file: 'async-connectivity.seed', journey: 'asyncConnectivity', settings: seedSettings },
  { file: 'delayed-profile.seed', journey: 'delayedProfile', settings: seedSettings },
  { file: 'delayed-profile.current', journey: 'delayedProfile', settings: currentSettings },
  { file: 'balance-addition.current', journey: 'balanceAddition', settings: currentSettings },
  { file: 'cancelled.seed', journey: 'cancelled', settings: seedSettings },
  {
    file: 'cancelled-awaiting-release.seed',
    journey: 'cancelled awaiting release',
    settings: seedSettings,
  },
  {
    file: 'failed-inventory-exhausted.seed',
    journey: 'failed: inventory exhausted',
    settings: seedSettings,
  },
  {
    file: 'failed-download-order-reconciled.seed',
    journey: 'failed: DownloadOrder outcome unknown, re-asked, the allocated profile handed back',
    settings: seedSettings,
  },
  {
    file: 'remediation-eid-mismatch.seed',
    journey: 'remediation: re-order while awaiting release',
    settings: seedSettings,
  },
  {
    file: 'inline-confirmed-by-app.seed',
    journey: 'inline: the app confirms before the late SM-DP+ notification',
    settings: seedSettings,
  },
  {
    file: 'inline-unconfirmed.seed',
    journey: 'inline: nobody reports, unconfirmed, then the late notification',
    settings: seedSettings,
  },
  {
    file: 'async-connectivity-overdue.seed',
    journey: 'asyncConnectivity: unconfirmed, network late too, then installed',
    settings: seedSettings,
  },
  {
    file: 'delayed-operation-cancelled.current',
    journey: 'delayedProfile (current): the operation context, then cancelled',
    settings: currentSettings,
  },
  {
    file: 'failed-in-portal.v1-directive',
    journey: 'failed in the portal',
    settings: seedSettings,
    legacy: true,
  },
];

// The last file keeps its DirectiveIssued in the v1 shape, so the upcaster stays exercised by real history.
function asV1(event: PurchaseEvent): unknown {
  if (event.type !== 'DirectiveIssued') return event;
  const { api, args } = event.data.directive;
  return {
    type: event.type,
    data: { api, args },
    metadata: { ...event.metadata, schemaVersion: 1 },
  };
}

for (const recording of recordings) {
  const target = join(__dirname, 'histories', `${recording.file}.history.json`);
  if (existsSync(target)) continue;
  const journey = journeys.find((candidate) => candidate.name === recording.journey);
  if (journey === undefined) throw new Error(`no journey ${recording.journey}`);
  const events = runJourney(journey, recording.settings);
  const view = purchaseViewOf(fold(events));
  const golden = {
    description: `${recording.journey} (${recording.settings === seedSettings ? 'seed' : 'current'} callback APIs)`,
    events: recording.legacy ? events.map(asV1) : events,
    expected: { state: fold(events).value, view },
  };
  writeFileSync(target, `${JSON.stringify(golden, null, 2)}\n`);
  console.log(`recorded ${target}`);
}
