import { z } from 'zod';
import {
  countryCodeSchema,
  eventIdSchema,
  iccidSchema,
  inboundTimestampSchema,
} from '../common/identifiers.schema';

/** `mobileplans.usage.v1` / `POST /v1/usage-events` (contracts.md section 2). */
export const usageEventSchema = z.object({
  eventId: eventIdSchema,
  iccid: iccidSchema,
  location: countryCodeSchema,
  usedMB: z.number().positive(),
  occurredAt: inboundTimestampSchema,
});
export type UsageEvent = z.output<typeof usageEventSchema>;
