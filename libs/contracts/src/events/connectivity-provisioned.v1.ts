import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';

export const connectivityProvisionedV1Schema = purchaseEventSchema(
  'ConnectivityProvisioned',
  z.object({ iccid: z.string() }),
);
export type ConnectivityProvisioned = z.output<typeof connectivityProvisionedV1Schema>;
