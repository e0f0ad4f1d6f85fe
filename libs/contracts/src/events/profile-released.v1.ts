import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

export const profileReleasedV1Schema = purchaseEventSchema(
  'ProfileReleased',
  z.object({ iccid: z.string(), functionCallIdentifier: z.string() }),
);
export type ProfileReleased = z.output<typeof profileReleasedV1Schema>;
