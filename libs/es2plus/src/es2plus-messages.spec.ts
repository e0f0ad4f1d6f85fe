import {
  Es2StatusCodes,
  failureCategory,
  fromWireIccid,
  isJsonContentType,
  MalformedEs2Response,
  nameStatusCode,
  parseCancelOrderRequest,
  parseConfirmOrderRequest,
  parseDownloadOrderRequest,
  parseHandleDownloadProgressInfoRequest,
  toCallOutcome,
  toWireIccid,
  ADMIN_PROTOCOL,
  ADMIN_PROTOCOL_PATTERN,
} from './index';
import { validateIccid, type Iccid } from '@mp/sim';

const header = { functionRequesterIdentifier: 'op', functionCallIdentifier: 'fc-1' };
const iccid19 = '8988247000100003319';
const eid = '89033023422130000000000199055797';

function iccid(raw: string): Iccid {
  const result = validateIccid(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.iccid;
}

describe('ES2+ ICCID padding', () => {
  it('pads a 19-digit ICCID with F on the wire and strips it on the way in', () => {
    expect(toWireIccid(iccid(iccid19))).toBe(`${iccid19}F`);
    expect(fromWireIccid(`${iccid19}F`)).toBe(iccid19);
    expect(fromWireIccid(iccid19)).toBe(iccid19);
  });

  it('refuses an ICCID that fails its Luhn check', () => {
    expect(fromWireIccid('8988247000100003318')).toBeUndefined();
  });
});

describe('ES2+ request validation', () => {
  it('names the first missing mandatory element with reason 2.2 and its subject code', () => {
    expect(parseConfirmOrderRequest({ header, releaseFlag: true })).toMatchObject({
      ok: false,
      subjectCode: '8.2.1',
      reasonCode: '2.2',
      subjectIdentifier: 'iccid',
    });
    expect(parseCancelOrderRequest({ header, iccid: iccid19 })).toMatchObject({
      ok: false,
      subjectCode: '8.2.1',
      reasonCode: '2.2',
      subjectIdentifier: 'finalProfileStatusIndicator',
    });
    expect(parseDownloadOrderRequest({ eid })).toMatchObject({
      ok: false,
      reasonCode: '2.2',
      subjectIdentifier: 'header',
    });
  });

  it('names an invalid element with reason 2.1', () => {
    expect(parseDownloadOrderRequest({ header, eid: '89' + '0'.repeat(30) })).toMatchObject({
      ok: false,
      subjectCode: '8.1.1',
      reasonCode: '2.1',
    });
  });

  it('strips the F filler from ICCIDs it accepts', () => {
    const parsed = parseConfirmOrderRequest({
      header,
      iccid: `${iccid19}F`,
      eid,
      releaseFlag: false,
    });

    expect(parsed).toEqual({
      ok: true,
      value: { header, iccid: iccid19, eid, releaseFlag: false },
    });
  });

  it('validates HandleDownloadProgressInfo notifications', () => {
    const notification = {
      header,
      iccid: `${iccid19}F`,
      profileType: 'P1',
      timestamp: '2001-12-17T09:30:47Z',
      notificationPointId: 4,
      notificationPointStatus: { status: 'Executed-Success' },
    };
    expect(parseHandleDownloadProgressInfoRequest(notification)).toMatchObject({
      ok: true,
      value: { iccid: iccid19, notificationPointId: 4 },
    });
    const { timestamp: _dropped, ...withoutTimestamp } = notification;
    expect(parseHandleDownloadProgressInfoRequest(withoutTimestamp)).toMatchObject({
      ok: false,
      reasonCode: '2.2',
      subjectIdentifier: 'timestamp',
    });
  });
});

describe('HandleDownloadProgressInfo as osmocom pySim sends it', () => {
  // pySim's ApiParamInteger encodes the notificationPointId as str(value); its Timestamp is datetime.isoformat().
  const pySim = (notificationPointId: unknown) => ({
    header: { functionRequesterIdentifier: 'smdp', functionCallIdentifier: 'FCI-1718022896-1' },
    iccid: `${iccid19}F`,
    profileType: 'P1',
    timestamp: '2024-06-10T12:34:56.123456+00:00',
    notificationPointId,
    notificationPointStatus: { status: 'Executed-Success' },
  });

  it.each([
    ['"3"', '3', 3],
    ['"0"', '0', 0],
    ['"12"', '12', 12],
    ['the number 4', 4, 4],
  ])('accepts a notificationPointId of %s', (_what, sent, expected) => {
    expect(parseHandleDownloadProgressInfoRequest(pySim(sent))).toMatchObject({
      ok: true,
      value: { notificationPointId: expected, timestamp: '2024-06-10T12:34:56.123456+00:00' },
    });
  });

  it.each([
    ['a negative number', -1],
    ['a fraction', 2.5],
    ['a signed string', '-3'],
    ['a string with a fraction', '3.0'],
    ['a string with spaces', ' 3'],
    ['a string with a leading zero', '03'],
    ['a hexadecimal string', '0x3'],
    ['an empty string', ''],
    ['a string longer than nine digits', '1234567890'],
    ['a boolean', true],
  ])('refuses %s, naming the element', (_what, sent) => {
    expect(parseHandleDownloadProgressInfoRequest(pySim(sent))).toMatchObject({
      ok: false,
      reasonCode: '2.1',
      subjectIdentifier: 'notificationPointId',
    });
  });
});

describe('ES2+ responses', () => {
  it('treats HTTP 200 with Failed as a failure carrying the subject and reason codes', () => {
    const outcome = toCallOutcome('downloadOrder', {
      header: {
        functionExecutionStatus: {
          status: 'Failed',
          statusCodeData: { subjectCode: '8.2.5', reasonCode: '3.7', message: 'no more' },
        },
      },
    });

    expect(outcome).toEqual({
      status: 'failed',
      subjectCode: '8.2.5',
      reasonCode: '3.7',
      message: 'no more',
    });
    expect(nameStatusCode({ subjectCode: '8.2.5', reasonCode: '3.7' })).toBe('inventoryExhausted');
    expect(failureCategory(Es2StatusCodes.inventoryExhausted)).toBe('inventoryExhausted');
    expect(failureCategory(Es2StatusCodes.invalidTransition)).toBe('invalidTransition');
  });

  it('reads the response fields of a success, without the ICCID filler', () => {
    expect(
      toCallOutcome('downloadOrder', {
        header: { functionExecutionStatus: { status: 'Executed-Success' } },
        iccid: `${iccid19}F`,
      }),
    ).toEqual({ status: 'succeeded', response: { iccid: iccid19 } });
  });

  it('ends the call on a well-formed success the operator cannot use, naming the ICCID the SM-DP+ reserved', () => {
    const iccid18 = '898824700010000331';
    const outcome = toCallOutcome('downloadOrder', {
      header: { functionExecutionStatus: { status: 'Executed-Success' } },
      iccid: iccid18,
    });
    expect(outcome).toMatchObject({ status: 'unusable', reservedIccid: iccid18 });
    expect(
      toCallOutcome('downloadOrder', {
        header: { functionExecutionStatus: { status: 'Executed-Success' } },
      }),
    ).toMatchObject({ status: 'unusable', reason: expect.stringContaining('ICCID') as string });
    expect(
      toCallOutcome('downloadOrder', {
        header: { functionExecutionStatus: { status: 'Executed-Success' } },
        iccid: { nested: true },
      }),
    ).not.toHaveProperty('reservedIccid');
  });

  it('refuses a body that is not an ES2+ response', () => {
    expect(() => toCallOutcome('confirmOrder', { ok: true })).toThrow(MalformedEs2Response);
  });
});

describe('ES2+ transport rules', () => {
  it('sends a v2 admin protocol and accepts JSON content types', () => {
    expect(ADMIN_PROTOCOL).toMatch(ADMIN_PROTOCOL_PATTERN);
    expect(ADMIN_PROTOCOL_PATTERN.test('gsma/rsp/v3.0.0')).toBe(false);
    expect(isJsonContentType('application/json;charset=UTF-8')).toBe(true);
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/json; charset=latin1')).toBe(false);
  });
});
