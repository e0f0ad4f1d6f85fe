import { parsePurchaseEvent } from './purchase-event.upcaster';

const metadata = (schemaVersion: number) => ({
  eventId: 'in-1:0',
  transactionId: 'tx-1',
  sequence: 3,
  occurredAt: '2025-01-01T10:00:00Z',
  causationId: 'in-1',
  schemaVersion,
});

const md = {
  userAccount: 'New',
  purchaseInstrument: 'New',
  line: 'New',
  moDirectStatus: 'Complete',
  planName: '2GB Monthly',
};

describe('DirectiveIssued upcaster', () => {
  it('given v1 JSON without script, when parsed, then it is the current v3 with the script a v2 portal ran', () => {
    const v1 = JSON.parse(
      JSON.stringify({
        type: 'DirectiveIssued',
        data: {
          api: 'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
          args: [md, '1$smdp.example.com$ABC'],
        },
        metadata: metadata(1),
      }),
    ) as unknown;

    expect(parsePurchaseEvent(v1)).toEqual({
      ok: true,
      event: {
        type: 'DirectiveIssued',
        data: {
          directive: {
            api: 'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
            args: [md, '1$smdp.example.com$ABC'],
            script: `MobilePlansInlineProfileDownload.notifyInlineProfileDownload(${JSON.stringify(md)}, "1$smdp.example.com$ABC");`,
          },
          reason: 'fulfilment',
        },
        metadata: metadata(3),
      },
    });
  });

  it('given v2 JSON, when parsed, then it is v3 with the directive exactly as issued and no listeners', () => {
    const directive = {
      api: 'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
      args: [md, '1$smdp.example.com$ABC'],
      script: `MobilePlansInlineProfileDownload.notifyInlineProfileDownload(${JSON.stringify(md)}, "1$smdp.example.com$ABC");`,
    };
    const v2 = { type: 'DirectiveIssued', data: { directive, reason: 'fulfilment' } };

    const parsed = parsePurchaseEvent({ ...v2, metadata: metadata(2) });

    expect(parsed).toEqual({ ok: true, event: { ...v2, metadata: metadata(3) } });
    expect(
      parsed.ok && parsed.event.type === 'DirectiveIssued' && parsed.event.data.directive,
    ).not.toHaveProperty('listeners');
  });

  it('given v3 JSON with listeners, when parsed, then they are kept', () => {
    const listeners = {
      registrationChangedScript: 'onMobilePlansRegistrationChanged',
      profileActivationCompleteScript: 'onMobilePlansActivationComplete',
    };
    const v3 = {
      type: 'DirectiveIssued',
      data: {
        directive: {
          api: 'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
          args: [md, '1$smdp.example.com$ABC'],
          script: '(function () { return 1; })();',
          listeners,
        },
        reason: 'fulfilment',
      },
      metadata: metadata(3),
    };

    expect(parsePurchaseEvent(v3)).toEqual({ ok: true, event: v3 });
  });

  it('given a v1 cancel directive, then the reason is cancellation or failure from moDirectStatus', () => {
    const cancel = (moDirectStatus: string) =>
      parsePurchaseEvent({
        type: 'DirectiveIssued',
        data: {
          api: 'MobilePlans.notifyCancelledPurchase',
          args: [{ ...md, moDirectStatus, planName: '' }],
        },
        metadata: metadata(1),
      });
    const reasonOf = (parsed: ReturnType<typeof parsePurchaseEvent>) =>
      parsed.ok && parsed.event.type === 'DirectiveIssued' ? parsed.event.data.reason : null;
    expect(reasonOf(cancel('Cancelled'))).toBe('cancellation');
    expect(reasonOf(cancel('ServiceError'))).toBe('failure');
  });

  it('given malformed JSON of either version, then it is reported, not thrown', () => {
    expect(
      parsePurchaseEvent({ type: 'DirectiveIssued', data: {}, metadata: metadata(1) }).ok,
    ).toBe(false);
    expect(parsePurchaseEvent({ type: 'Nope', data: {}, metadata: metadata(1) }).ok).toBe(false);
    expect(parsePurchaseEvent(null).ok).toBe(false);
  });
});
