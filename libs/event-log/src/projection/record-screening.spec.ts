import type { IHeaders, KafkaMessage } from 'kafkajs';
import { readRecord, recordSize, screenRecord } from './record-screening';

const message = (headers: IHeaders): KafkaMessage => ({
  key: Buffer.from('clé-1'),
  value: Buffer.from('{"a":"ü"}'),
  timestamp: '1796342400000',
  attributes: 0,
  offset: '7',
  headers,
});

describe('readRecord', () => {
  it('sizes key, value and headers in bytes as recordSize does from the decoded record', () => {
    const record = readRecord(
      't',
      1,
      message({
        'mp-sequence': Buffer.from('3'),
        nom: Buffer.from('été'),
        list: [Buffer.from('x')],
      }),
    );
    expect(record.size).toBe(recordSize(record));
    expect(record.size).toBe(6 + 10 + (11 + 1) + (3 + 5) + (4 + 1));
    expect(record).toMatchObject({ topic: 't', partition: 1, offset: '7', key: 'clé-1' });
    expect(record.headers).toEqual({ 'mp-sequence': '3', nom: 'été', list: 'x' });
  });

  it('keeps a header named __proto__ as a name, with no prototype behind the headers', () => {
    const headers = JSON.parse('{"__proto__": "polluted", "ok": "1"}') as Record<string, string>;
    const record = readRecord('t', 0, message(headers));
    expect(Object.getPrototypeOf(record.headers)).toBeNull();
    expect(record.headers['__proto__']).toBe('polluted');
    expect(record.size).toBe(recordSize(record));
  });

  it('refuses a record over the limit by its size, unread', () => {
    const record = readRecord('t', 0, message({ big: Buffer.alloc(300, 'a') }));
    expect(screenRecord(record, 256)).toMatchObject({ ok: false, code: 'RECORD_TOO_LARGE' });
  });
});
