import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

/** CancelOrder succeeded: the profile went back to the pool. */
export const profileOrderCancelledV1Schema = purchaseEventSchema(
  'ProfileOrderCancelled',
  z.object({
    iccid: z.string(),
    finalProfileStatusIndicator: z.enum(['Available', 'Unavailable']),
    functionCallIdentifier: z.string(),
  }),
);
export type ProfileOrderCancelled = z.output<typeof profileOrderCancelledV1Schema>;
