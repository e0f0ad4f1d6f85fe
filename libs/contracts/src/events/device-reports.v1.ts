import { z } from 'zod';
import { activationResultSchema, networkRegistrationStateSchema } from '../common/lpa-codes.schema';
import { purchaseEventSchema } from './event-metadata.schema';

/** A successful activation report; failed ones become LpaErrorReported. */
export const activationResultReportedV1Schema = purchaseEventSchema(
  'ActivationResultReported',
  z.object({ iccid: z.string(), activationResult: activationResultSchema }),
);
export const registrationStateChangedV1Schema = purchaseEventSchema(
  'RegistrationStateChanged',
  z.object({ iccid: z.string(), networkRegistrationState: networkRegistrationStateSchema }),
);
export type ActivationResultReported = z.output<typeof activationResultReportedV1Schema>;
export type RegistrationStateChanged = z.output<typeof registrationStateChangedV1Schema>;
