import { z } from 'zod';
import { directiveSchema } from '../directive/directive.schema';
import { purchaseEventSchema } from './event-metadata.schema';
import { directiveReasonSchema } from './directive-issued.v2';

/** v3: the script is in the seed documents' form, and an inline directive names its listeners (ADR 0013). */
export const directiveIssuedV3Schema = purchaseEventSchema(
  'DirectiveIssued',
  z.object({ directive: directiveSchema, reason: directiveReasonSchema }),
);
export type DirectiveIssued = z.output<typeof directiveIssuedV3Schema>;
