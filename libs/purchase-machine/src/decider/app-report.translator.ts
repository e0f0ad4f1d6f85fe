import {
  type NetworkRegistrationState,
  type PortalActivationResultReported,
  type PortalOperationContextReported,
  type PortalRegistrationStateChanged,
} from '@mp/contracts';
import { type PurchaseContext } from '../machine/purchase.context';
import { accept, type EventDraft, reject, type Translation } from './decision.types';
import { remediate, statusNameOf } from './lpa-remediation.policy';
import { holdsIccid, unknownProfile } from './profile-checks';

// The seed documents' registration listener counts these as "Registration Successful".
const registered: ReadonlySet<NetworkRegistrationState> = new Set(['home', 'roaming', 'partner']);

// Where an inline purchase waits to hear that its profile arrived (ADR 0014).
const awaitingInstallation = new Set(['awaitingDownload', 'unconfirmed']);

/**
 * The app's reports, relayed by the portal (the listeners the inline directives set). A success is recorded as
 * reported and, for an inline purchase still waiting to hear of its profile, confirms the installation; a failed
 * activation is an LPA error like one from the launch headers.
 */
export function translateActivationResult(
  event: PortalActivationResultReported,
  context: PurchaseContext,
  state: string,
  at: string,
): Translation {
  if (!holdsIccid(context, event.iccid)) return unknownProfile(event.iccid);
  const { iccid, activationResult } = event;
  if (activationResult === 'success') {
    return accept(
      { type: 'ActivationResultReported', data: { iccid, activationResult } },
      ...confirmation(context, state, iccid, 'activationResult', activationResult),
    );
  }
  const decisiveCode = statusNameOf(activationResult);
  return accept({
    type: 'LpaErrorReported',
    data: {
      iccid,
      source: 'activationResult',
      codes: [decisiveCode],
      timestamps: [at],
      decisiveCode,
      ...remediate(decisiveCode, context, null),
    },
  });
}

export function translateRegistration(
  event: PortalRegistrationStateChanged,
  context: PurchaseContext,
  state: string,
): Translation {
  if (!holdsIccid(context, event.iccid)) return unknownProfile(event.iccid);
  const { iccid, networkRegistrationState } = event;
  const confirms = registered.has(networkRegistrationState)
    ? confirmation(context, state, iccid, 'registration', networkRegistrationState)
    : [];
  return accept(
    { type: 'RegistrationStateChanged', data: { iccid, networkRegistrationState } },
    ...confirms,
  );
}

/** Only a directive the app has run can have returned an operation context. */
export function translateOperationContext(
  event: PortalOperationContextReported,
  context: PurchaseContext,
): Translation {
  if (context.directive === null) {
    return reject(
      'NO_DIRECTIVE_YET',
      'no directive has been issued for this purchase',
      'operationContext',
    );
  }
  return accept({
    type: 'OperationContextReported',
    data: { operationContext: event.operationContext },
  });
}

function confirmation(
  context: PurchaseContext,
  state: string,
  iccid: string,
  source: 'activationResult' | 'registration',
  value: string,
): EventDraft[] {
  if (context.flow !== 'inline' || !awaitingInstallation.has(state)) return [];
  return [{ type: 'InstallationConfirmedByApp', data: { iccid, source, value } }];
}
