import type { z } from 'zod';
import { portalActivationResultReportedSchema } from './activation-result-reported.v1';
import { portalLpaErrorReportedSchema } from './lpa-error-reported.v1';
import { portalOperationContextReportedSchema } from './operation-context-reported.v1';
import { type PortalEventType, portalEventTypeSchema } from './portal-event.common';
import { type PortalEvent } from './portal-event.schema';
import { portalPurchaseCancelledSchema } from './purchase-cancelled.v1';
import { portalPurchaseCompletedSchema } from './purchase-completed.v1';
import { portalPurchaseFailedSchema } from './purchase-failed.v1';
import { portalRegistrationStateChangedSchema } from './registration-state-changed.v1';

const schemaByType: Readonly<Record<PortalEventType, z.ZodType<PortalEvent>>> = {
  PurchaseCompleted: portalPurchaseCompletedSchema,
  PurchaseCancelled: portalPurchaseCancelledSchema,
  PurchaseFailed: portalPurchaseFailedSchema,
  LpaErrorReported: portalLpaErrorReportedSchema,
  ActivationResultReported: portalActivationResultReportedSchema,
  RegistrationStateChanged: portalRegistrationStateChangedSchema,
  OperationContextReported: portalOperationContextReportedSchema,
};

export type Validated<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly parameter: string; readonly message: string };

/**
 * Validates a portal event by its `type` first, so that an error names the field that is wrong (a plain union
 * would only say "invalid input").
 */
export function validatePortalEvent(raw: unknown): Validated<PortalEvent> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, parameter: 'body', message: 'must be one JSON event object' };
  }
  const type = portalEventTypeSchema.safeParse((raw as { type?: unknown }).type);
  if (!type.success) {
    const allowed = portalEventTypeSchema.options.join(', ');
    return { ok: false, parameter: 'type', message: `type: must be one of ${allowed}` };
  }
  return validateWith(schemaByType[type.data], raw);
}

/** Validates with any schema; the first issue (inside unions too) names the parameter. */
export function validateWith<S extends z.ZodType>(schema: S, raw: unknown): Validated<z.output<S>> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  let issue: z.core.$ZodIssue | undefined = parsed.error.issues[0];
  while (issue?.code === 'invalid_union' && issue.errors.length > 0) {
    const branches = [...issue.errors].sort((a, b) => a.length - b.length);
    const nested: z.core.$ZodIssue | undefined = branches[0]?.[0];
    if (nested === undefined) break;
    issue = { ...nested, path: [...issue.path, ...nested.path] };
  }
  const parameter = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return { ok: false, parameter, message: `${parameter}: ${issue?.message ?? 'invalid'}` };
}
