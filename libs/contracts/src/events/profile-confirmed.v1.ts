import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

/** ConfirmOrder succeeded; `released` mirrors the releaseFlag that was sent. */
export const profileConfirmedV1Schema = purchaseEventSchema(
  'ProfileConfirmed',
  z.object({
    iccid: z.string(),
    matchingId: z.string(),
    smdpAddress: z.string(),
    released: z.boolean(),
    functionCallIdentifier: z.string(),
  }),
);
export type ProfileConfirmed = z.output<typeof profileConfirmedV1Schema>;
