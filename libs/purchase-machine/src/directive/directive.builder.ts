import {
  appReportListeners,
  type CallbackApiGeneration,
  type Directive,
  type DirectiveApi,
  type DirectiveArg,
  type DirectiveListeners,
  type FulfillmentFlow,
  type OperationContext,
  type PurchaseMetadata,
  renderDirectiveScript,
} from '@mp/contracts';

/** Everything a directive depends on, so the same builder serves the machine and the generated table. */
export type DirectiveRequest =
  | {
      readonly kind: 'fulfilment';
      readonly flow: FulfillmentFlow;
      readonly generation: CallbackApiGeneration;
      readonly metadata: PurchaseMetadata;
      readonly activationCode: string;
      readonly iccid: string;
      readonly activateProfile: boolean;
      readonly networkRegistrationIntervalMinutes: number;
      readonly downloadDelayMinutes: number;
    }
  | {
      readonly kind: 'outcome';
      readonly metadata: PurchaseMetadata;
      /** The app's pending operation (current generation's delayed download) that the outcome cancels. */
      readonly pendingOperation: OperationContext | null;
    };

/** D22: the plain SGP.22 form, no `LPA:` prefix, no OID, no confirmation-code flag. */
export function activationCode(smdpAddress: string, matchingId: string): string {
  return `1$${smdpAddress}$${matchingId}`;
}

export function buildDirective(request: DirectiveRequest): Directive {
  const [api, args] = callFor(request);
  const listeners = listenersFor(request);
  return {
    api,
    args,
    script: renderDirectiveScript(api, args, listeners),
    ...(listeners === undefined ? {} : { listeners }),
  };
}

/**
 * Inline only: the portal page that ran the directive is still open when the app reports (the download starts at
 * once), so the listeners it defines can hear the reports (ADR 0013).
 */
function listenersFor(request: DirectiveRequest): DirectiveListeners | undefined {
  return request.kind === 'fulfilment' && request.flow === 'inline'
    ? { ...appReportListeners }
    : undefined;
}

function callFor(request: DirectiveRequest): [DirectiveApi, DirectiveArg[]] {
  if (request.kind === 'outcome') {
    // A delayed download the app has scheduled is called off before its toast (ADR 0013); otherwise D19/D20:
    // cancelled and failed purchases both answer with notifyCancelledPurchase, in both generations.
    return request.pendingOperation === null
      ? ['MobilePlans.notifyCancelledPurchase', [request.metadata]]
      : ['MobilePlansInlineOperations.notifyOperationCancel', [request.pendingOperation]];
  }
  const { metadata: md, activationCode: ac, generation } = request;
  const seed = generation === 'seed';
  switch (request.flow) {
    case 'inline':
      return seed
        ? ['MobilePlansInlineProfileDownload.notifyInlineProfileDownload', [md, ac]]
        : ['MobilePlansInlineOperations.notifyProfileDownload', [md, ac]];
    case 'asyncConnectivity':
      return [
        'MobilePlans.notifyPurchaseWithProfileDownload',
        [md, ac, request.networkRegistrationIntervalMinutes],
      ];
    case 'delayedProfile':
      // The seed-era API carries no activation code: the device finds the profile through the SM-DS.
      return seed
        ? ['MobilePlans.notifyPurchaseDelayedProfile', [md, request.downloadDelayMinutes]]
        : [
            'MobilePlansInlineOperations.notifyProfileDownload',
            [md, ac, request.downloadDelayMinutes],
          ];
    case 'balanceAddition':
      // The seed-era API requires the ICCID; the current one names it only to switch the active profile.
      if (seed) return ['MobilePlans.notifyBalanceAddition', [md, request.iccid]];
      return request.activateProfile
        ? ['MobilePlansInlineOperations.notifyBalanceAddition', [md, request.iccid]]
        : ['MobilePlansInlineOperations.notifyBalanceAddition', [md]];
    default: {
      const _exhaustive: never = request.flow;
      return _exhaustive;
    }
  }
}

/** Metadata in the wire key order, absent optional fields left out. */
export function canonicalMetadata(metadata: PurchaseMetadata): PurchaseMetadata {
  return {
    ...(metadata.userAccount === undefined ? {} : { userAccount: metadata.userAccount }),
    ...(metadata.purchaseInstrument === undefined
      ? {}
      : { purchaseInstrument: metadata.purchaseInstrument }),
    ...(metadata.line === undefined ? {} : { line: metadata.line }),
    moDirectStatus: metadata.moDirectStatus,
    planName: metadata.planName,
  };
}
