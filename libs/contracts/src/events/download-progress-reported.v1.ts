import { z } from 'zod';
import { smdpProfileStateSchema } from '../view/purchase-view.schema';
import { purchaseEventSchema } from './event-metadata.schema';

/** A HandleDownloadProgressInfo notification; `profileState` is what it moved the profile to, if anything. */
export const downloadProgressReportedV1Schema = purchaseEventSchema(
  'DownloadProgressReported',
  z.object({
    iccid: z.string(),
    notificationPointId: z.number().int(),
    status: z.string(),
    subjectCode: z.string().nullable(),
    reasonCode: z.string().nullable(),
    timestamp: z.string(),
    profileState: smdpProfileStateSchema.nullable(),
  }),
);
export type DownloadProgressReported = z.output<typeof downloadProgressReportedV1Schema>;
