import { type DirectiveArg } from '../directive/directive.schema';
import { type DirectiveIssuedV1 } from './directive-issued.v1';
import { type DirectiveIssuedV2, type DirectiveReason } from './directive-issued.v2';
import { type DirectiveIssued } from './directive-issued.v3';

/**
 * v1 had no script and no reason. Its script is the one v2 would have shown for it (each argument as a JSON
 * literal: what a portal of that time ran); the reason follows from the api, because v1 only ever issued one
 * directive per purchase.
 */
export function upcastDirectiveIssuedV1(event: DirectiveIssuedV1): DirectiveIssued {
  const { api, args } = event.data;
  const reason: DirectiveReason =
    api === 'MobilePlans.notifyCancelledPurchase' ? cancelReason(args) : 'fulfilment';
  return upcastDirectiveIssuedV2({
    type: 'DirectiveIssued',
    data: { directive: { api, args, script: literalScript(api, args) }, reason },
    metadata: { ...event.metadata, schemaVersion: 2 },
  });
}

/** v2 → v3 changes no field: the directive stays exactly as it was issued, with no listeners. */
export function upcastDirectiveIssuedV2(event: DirectiveIssuedV2): DirectiveIssued {
  return { ...event, metadata: { ...event.metadata, schemaVersion: 3 } };
}

function cancelReason(args: DirectiveIssuedV1['data']['args']): DirectiveReason {
  const [metadata] = args;
  const cancelled =
    typeof metadata === 'object' && 'moDirectStatus' in metadata
      ? metadata.moDirectStatus === 'Cancelled'
      : false;
  return cancelled ? 'cancellation' : 'failure';
}

// The script form of v1/v2, frozen here: stored directives keep the line they were issued with.
function literalScript(api: string, args: readonly DirectiveArg[]): string {
  return `${api}(${args.map((arg) => JSON.stringify(arg)).join(', ')});`;
}
