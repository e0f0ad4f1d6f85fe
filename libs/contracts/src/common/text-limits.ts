import { z } from 'zod';

/**
 * The longest string each field of the external contracts may be (G14), shown as `maxLength` in their JSON Schemas
 * (docs/contracts/) and enforced where they come in: a 400 naming the field over HTTP, a rejection with its reason on
 * Kafka. Lengths count UTF-16 code units, as JSON Schema and JavaScript do. Why each is what it is: ADR 0015.
 */
export const TextLimits = {
  eventId: 128,
  /** mobile-plans.md section 3 (the launch URL parameter). */
  transactionId: 64,
  /** An RFC 3339 timestamp with nanoseconds and an offset is 35. */
  timestamp: 64,
  /** As sent, before trimming: 19–20 digits and an optional F, with room for stray spaces. */
  iccid: 32,
  eid: 32,
  planName: 256,
  planId: 128,
  profileType: 64,
  /** An ISO 8601 duration (`P30D`). */
  validity: 32,
  /** An ESimOperationStatus name; the longest is 34. */
  lpaCode: 64,
  /** One raw timestamp of X-MP-LPAError-Timestamps. */
  lpaTimestamp: 64,
  /** Free text a balance adjustment carries for support. */
  adjustmentReason: 256,
  /** A provisioning request's id (the orchestrator's effect id: the causing input's id and a suffix). */
  provisioningRequestId: 256,
  /** A provisioning system's reason code (`PLAN_UNKNOWN`, `HLR.TIMEOUT`). */
  provisioningReasonCode: 64,
  /** A provisioning system's reason, in words for operations. */
  provisioningReasonText: 512,
} as const;

/**
 * What the project writes into its outbound contracts (directives, the purchase view) is built from bounded inputs;
 * these bounds are documented in their JSON Schemas (`maxLength`) without being checked again on the way out, so a
 * purchase accepted before the limits still reads back.
 */
export const OutputLimits = {
  /** One string argument of a directive: an ICCID, an activation code (SGP.22: at most 255), a plan name. */
  directiveArg: 512,
  /** The directive as one line of JavaScript: the function name and every argument. */
  directiveScript: 4096,
  matchingId: 255,
  activationCode: 255,
} as const;

/** The most items an array of the external contracts may hold. */
export const ItemLimits = {
  /** ISO 3166-1 assigns 249 alpha-2 codes. */
  locations: 250,
  lpaCodes: 32,
  lpaTimestamps: 32,
} as const;

/**
 * A portal or usage event as JSON, unknown extension fields included, is at most this many bytes (UTF-8). Valid events
 * are a few hundred bytes; this keeps one event far from the broker's 1 MB record limit.
 */
export const maxExternalEventBytes = 32 * 1024;

/** The longest a delay in minutes may be (a year and a day): later than that nothing is scheduled. */
export const maxMinutes = 366 * 24 * 60;

/** The longest plan validity, about a hundred years. */
export const maxValidityDays = 36_600;

/** A string of at most `max` characters (checked before any trimming). */
export const boundedText = (max: number) => z.string().max(max);
