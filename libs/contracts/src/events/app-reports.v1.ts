import { z } from 'zod';
import { operationContextSchema } from '../directive/operation-context.schema';
import { purchaseEventSchema } from './event-metadata.schema';

/**
 * The app's report (a `success` activation or a `home`/`roaming`/`partner` registration) confirms that the inline
 * purchase's profile is on the device, in place of the SM-DP+'s late "installed" notification (ADR 0014). It
 * follows the report's own ActivationResultReported / RegistrationStateChanged, which stay facts only.
 */
export const installationConfirmedByAppV1Schema = purchaseEventSchema(
  'InstallationConfirmedByApp',
  z.object({
    iccid: z.string(),
    source: z.enum(['activationResult', 'registration']),
    value: z.string(),
  }),
);
export type InstallationConfirmedByApp = z.output<typeof installationConfirmedByAppV1Schema>;

/** The `MobilePlansOperationContext` the app returned for the purchase's directive, as the portal reported it. */
export const operationContextReportedV1Schema = purchaseEventSchema(
  'OperationContextReported',
  z.object({ operationContext: operationContextSchema }),
);
export type OperationContextReported = z.output<typeof operationContextReportedV1Schema>;
