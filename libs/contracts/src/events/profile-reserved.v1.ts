import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

/** DownloadOrder succeeded: the SM-DP+ reserved (Linked) this ICCID for the EID. */
export const profileReservedV1Schema = purchaseEventSchema(
  'ProfileReserved',
  z.object({ iccid: z.string(), eid: z.string(), functionCallIdentifier: z.string() }),
);
export type ProfileReserved = z.output<typeof profileReservedV1Schema>;
