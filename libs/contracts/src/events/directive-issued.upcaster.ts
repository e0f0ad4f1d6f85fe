import { renderDirectiveScript } from '../directive/directive-script';
import { type DirectiveIssuedV1 } from './directive-issued.v1';
import { type DirectiveIssued, type DirectiveReason } from './directive-issued.v2';

/**
 * v1 had no script and no reason. The script is a pure function of api and args; the reason follows from the
 * api, because v1 only ever issued one directive per purchase.
 */
export function upcastDirectiveIssuedV1(event: DirectiveIssuedV1): DirectiveIssued {
  const { api, args } = event.data;
  const reason: DirectiveReason =
    api === 'MobilePlans.notifyCancelledPurchase' ? cancelReason(args) : 'fulfilment';
  return {
    type: 'DirectiveIssued',
    data: { directive: { api, args, script: renderDirectiveScript(api, args) }, reason },
    metadata: { ...event.metadata, schemaVersion: 2 },
  };
}

function cancelReason(args: DirectiveIssuedV1['data']['args']): DirectiveReason {
  const [metadata] = args;
  const cancelled = typeof metadata === 'object' && metadata.moDirectStatus === 'Cancelled';
  return cancelled ? 'cancellation' : 'failure';
}
