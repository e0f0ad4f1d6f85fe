import { z } from 'zod';
import { iccidSchema } from '../common/identifiers.schema';
import { activationResultSchema } from '../common/lpa-codes.schema';
import { portalEventCommonShape } from './portal-event.common';

export const portalActivationResultReportedSchema = z.object({
  ...portalEventCommonShape,
  type: z.literal('ActivationResultReported'),
  iccid: iccidSchema,
  activationResult: activationResultSchema,
});
export type PortalActivationResultReported = z.output<typeof portalActivationResultReportedSchema>;
