import { z } from 'zod';
import { iccidSchema } from '../common/identifiers.schema';
import { networkRegistrationStateSchema } from '../common/lpa-codes.schema';
import { portalEventCommonShape } from './portal-event.common';

export const portalRegistrationStateChangedSchema = z.object({
  ...portalEventCommonShape,
  type: z.literal('RegistrationStateChanged'),
  iccid: iccidSchema,
  networkRegistrationState: networkRegistrationStateSchema,
});
export type PortalRegistrationStateChanged = z.output<typeof portalRegistrationStateChangedSchema>;
