import { Headers, RecordKinds } from '@mp/event-log';
import { decidePurchase } from '../testing/decided-purchase';
import { inputs, seedSettings } from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { decodeRecord } from './record.decoder';

const at = { topic: 't', partition: 2, offset: '41', timestamp: '0', key: 'tx-key' };
const event = decidePurchase([inputs('tx-decode').completed('inline')], seedSettings).history[0]!;
const value = (json: unknown) =>
  Buffer.from(typeof json === 'string' ? json : JSON.stringify(json));

describe('decodeRecord', () => {
  it('reads a purchase event and skips what is not one (partition barriers)', () => {
    const read = decodeRecord(
      'events',
      { value: value(event), headers: { [Headers.recordKind]: RecordKinds.event } },
      at,
    );
    const barrier = decodeRecord(
      'events',
      { value: value({}), headers: { [Headers.recordKind]: RecordKinds.partitionClaimed } },
      at,
    );

    expect(read).toMatchObject({ kind: 'event', event: { type: event.type }, storedVersion: 1 });
    expect(barrier).toEqual({ kind: 'skipped', at });
  });

  it('keeps an unreadable record as a rejection naming why and which purchase, never throws', () => {
    const headers = { [Headers.recordKind]: RecordKinds.event };
    const garbage = decodeRecord('events', { value: value('{nope'), headers }, at);
    const invalid = decodeRecord('events', { value: value({ ...event, data: {} }), headers }, at);
    const badEffect = decodeRecord('effects', { value: value({ effectId: 'x' }) }, at);

    expect(garbage).toMatchObject({
      kind: 'unreadable',
      code: 'NOT_JSON',
      transactionId: 'tx-key',
    });
    expect(invalid).toMatchObject({
      kind: 'unreadable',
      code: 'INVALID_EVENT',
      transactionId: 'tx-decode',
    });
    expect(badEffect).toMatchObject({ kind: 'unreadable', code: 'INVALID_RECORD' });
  });
});
