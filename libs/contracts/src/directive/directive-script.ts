import {
  type MoDirectStatus,
  type PurchaseMetadata,
  type StepOutcome,
} from '../common/purchase-metadata.schema';
import { type DirectiveListeners } from './directive-listeners';
import { type DirectiveArg } from './directive.schema';

// The app's enum objects (seed documents 001/002). The members are the wire values with the first letter lower-cased,
// as the samples write them (`MobilePlansUserAccount.new`, `MobilePlansMoDirectStatus.cancelled`, ...).
const stepOutcomeMember: Readonly<Record<StepOutcome, string>> = {
  New: 'new',
  Existing: 'existing',
  Bailed: 'bailed',
  None: 'none',
};
const moDirectStatusMember: Readonly<Record<MoDirectStatus, string>> = {
  Complete: 'complete',
  ServiceError: 'serviceError',
  InvalidSIM: 'invalidSIM',
  LogOnFailed: 'logOnFailed',
  PurchaseFailed: 'purchaseFailed',
  ClientError: 'clientError',
  BillingError: 'billingError',
  None: 'none',
  Cancelled: 'cancelled',
};

/** Each metadata field, the enum object its value comes from, in the order the samples set them. */
const metadataFields = [
  ['userAccount', 'MobilePlansUserAccount'],
  ['purchaseInstrument', 'MobilePlansPurchaseInstrument'],
  ['line', 'MobilePlansLineType'],
] as const;

/**
 * The directive as one line of JavaScript in the form of the seed documents' samples: the metadata is made by
 * `MobilePlans.createPurchaseMetaData()` and filled from the enum objects, the listener names are set on the API's
 * object, then the API is called with that object. The line is a function expression called at once, so it leaves
 * no global behind and its value is what the API returns (the current generation's `MobilePlansOperationContext`).
 */
export function renderDirectiveScript(
  api: string,
  args: readonly DirectiveArg[],
  listeners?: DirectiveListeners,
): string {
  const statements: string[] = [];
  const values = args.map((arg) => {
    if (typeof arg === 'object' && 'moDirectStatus' in arg) {
      statements.push(...metadataStatements(arg));
      return 'metadata';
    }
    return literal(arg);
  });
  const object = api.slice(0, api.indexOf('.'));
  if (listeners !== undefined) {
    statements.push(
      `${object}.registrationChangedScript = ${literal(listeners.registrationChangedScript)};`,
      `${object}.profileActivationCompleteScript = ${literal(listeners.profileActivationCompleteScript)};`,
    );
  }
  statements.push(`return ${api}(${values.join(', ')});`);
  return `(function () { ${statements.join(' ')} })();`;
}

function metadataStatements(metadata: PurchaseMetadata): string[] {
  const statements = ['var metadata = MobilePlans.createPurchaseMetaData();'];
  for (const [field, enumObject] of metadataFields) {
    const value = metadata[field];
    if (value !== undefined)
      statements.push(`metadata.${field} = ${enumObject}.${stepOutcomeMember[value]};`);
  }
  statements.push(
    `metadata.moDirectStatus = MobilePlansMoDirectStatus.${moDirectStatusMember[metadata.moDirectStatus]};`,
    `metadata.planName = ${literal(metadata.planName)};`,
  );
  return statements;
}

/**
 * JSON is a JavaScript literal; `<`, `>`, `&` and the two line separators are escaped as well, so the line stays
 * safe inside an HTML page and in engines older than ES2019 (the app's WebView).
 */
function literal(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
