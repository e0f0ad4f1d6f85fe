import { z } from 'zod';
import { purchaseEventSchema } from './event-metadata.schema';
import { es2FunctionSchema, smdpFailureSchema } from './smdp-failure.schema';

/** An ES2+ call failed without changing the purchase's outcome (a compensation or a late, stale call). */
export const smdpCallFailedV1Schema = purchaseEventSchema(
  'SmdpCallFailed',
  z.object({
    function: es2FunctionSchema,
    functionCallIdentifier: z.string(),
    iccid: z.string().nullable(),
    failure: smdpFailureSchema,
  }),
);
export type SmdpCallFailed = z.output<typeof smdpCallFailedV1Schema>;
