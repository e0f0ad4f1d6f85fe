/**
 * SGP.22 status codes (mobile-plans.md section 14.4). A failure names a subject (what it is about) and a reason
 * (what is wrong with it).
 */
export const SubjectCodes = {
  /** The called function itself: protocol, content type, the request header (SGP.22 section 5.2.6). */
  function: '1.6',
  functionProviderContentType: '1.2.1',
  functionProviderAdminProtocol: '1.2.2',
  eid: '8.1.1',
  iccid: '8.2.1',
  profileType: '8.2.5',
  matchingId: '8.2.6',
  confirmationCode: '8.2.7',
  downloadOrder: '8.8.5',
  smds: '8.9',
  transactionId: '8.10.1',
} as const;

export const ReasonCodes = {
  unknownIdentification: '1.1',
  notAllowed: '1.2',
  invalid: '2.1',
  mandatoryElementMissing: '2.2',
  conditionalElementMissing: '2.3',
  unsupported: '3.1',
  alreadyInUse: '3.3',
  invalidTransition: '3.5',
  unavailable: '3.7',
  refused: '3.8',
  unknown: '3.9',
  invalidAssociation: '3.10',
  valueHasChanged: '3.11',
  executionError: '4.2',
  stoppedOnWarning: '4.3',
  timeToLiveExpired: '4.10',
  inaccessible: '5.1',
  verificationFailed: '6.1',
  expired: '6.3',
  maxAttemptsExceeded: '6.4',
} as const;

export interface StatusCode {
  readonly subjectCode: string;
  readonly reasonCode: string;
}

const pair = (subjectCode: string, reasonCode: string): StatusCode => ({ subjectCode, reasonCode });

/** The pairs an SM-DP+ answers in the situations we meet (section 14.4). */
export const Es2StatusCodes = {
  unsupportedContentType: pair(SubjectCodes.functionProviderContentType, ReasonCodes.invalid),
  unsupportedAdminProtocol: pair(SubjectCodes.functionProviderAdminProtocol, ReasonCodes.invalid),
  eidMissing: pair(SubjectCodes.eid, ReasonCodes.mandatoryElementMissing),
  eidUnknown: pair(SubjectCodes.eid, ReasonCodes.unknown),
  eidConflict: pair(SubjectCodes.eid, ReasonCodes.invalidAssociation),
  iccidNotAllowed: pair(SubjectCodes.iccid, ReasonCodes.notAllowed),
  iccidMissing: pair(SubjectCodes.iccid, ReasonCodes.mandatoryElementMissing),
  profileNotAvailable: pair(SubjectCodes.iccid, ReasonCodes.alreadyInUse),
  invalidTransition: pair(SubjectCodes.iccid, ReasonCodes.invalidTransition),
  iccidUnknown: pair(SubjectCodes.iccid, ReasonCodes.unknown),
  iccidEidConflict: pair(SubjectCodes.iccid, ReasonCodes.invalidAssociation),
  profileTypeUnknown: pair(SubjectCodes.profileType, ReasonCodes.unknown),
  profileTypeNotAllowed: pair(SubjectCodes.profileType, ReasonCodes.notAllowed),
  inventoryExhausted: pair(SubjectCodes.profileType, ReasonCodes.unavailable),
  profileTypeMismatch: pair(SubjectCodes.profileType, ReasonCodes.refused),
  matchingIdInvalid: pair(SubjectCodes.matchingId, ReasonCodes.invalid),
  matchingIdInUse: pair(SubjectCodes.matchingId, ReasonCodes.alreadyInUse),
  matchingIdConflict: pair(SubjectCodes.matchingId, ReasonCodes.invalidAssociation),
  smdsRegistrationFailed: pair(SubjectCodes.smds, ReasonCodes.executionError),
  smdsInaccessible: pair(SubjectCodes.smds, ReasonCodes.inaccessible),
  maxDownloadAttempts: pair(SubjectCodes.downloadOrder, ReasonCodes.maxAttemptsExceeded),
  maxConfirmationCodeAttempts: pair(SubjectCodes.confirmationCode, ReasonCodes.maxAttemptsExceeded),
} as const satisfies Record<string, StatusCode>;

export type Es2StatusCodeName = keyof typeof Es2StatusCodes;

export function sameStatusCode(a: StatusCode, b: StatusCode): boolean {
  return a.subjectCode === b.subjectCode && a.reasonCode === b.reasonCode;
}
