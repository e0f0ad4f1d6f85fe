import { z } from 'zod';
import { directiveApiSchema } from '../directive/directive-api';
import { directiveArgSchema } from '../directive/directive.schema';
import { purchaseEventSchema } from './event-metadata.schema';

/** Superseded by v2 (which adds `script` and `reason`); kept so old histories still parse, then upcast. */
export const directiveIssuedV1Schema = purchaseEventSchema(
  'DirectiveIssued',
  z.object({ api: directiveApiSchema, args: z.array(directiveArgSchema).min(1) }),
);
export type DirectiveIssuedV1 = z.output<typeof directiveIssuedV1Schema>;
