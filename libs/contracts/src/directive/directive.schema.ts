import { z } from 'zod';
import { purchaseMetadataSchema } from '../common/purchase-metadata.schema';
import { directiveApiSchema } from './directive-api';
import { directiveListenersSchema } from './directive-listeners';
import { operationContextSchema } from './operation-context.schema';

export const directiveArgSchema = z.union([
  purchaseMetadataSchema,
  operationContextSchema,
  z.string(),
  z.number().int().min(0),
]);
export type DirectiveArg = z.output<typeof directiveArgSchema>;

/** What the portal front-end runs (contracts.md section 3), also published on `mobileplans.directives.v1`. */
export const directiveSchema = z.object({
  api: directiveApiSchema,
  args: z.array(directiveArgSchema).min(1),
  script: z.string().min(1),
  /**
   * Set by the inline directives: the listener names to assign on the api's object before the call (the script
   * does it). Absent: the directive sets no listener.
   */
  listeners: directiveListenersSchema.optional(),
});
export type Directive = z.output<typeof directiveSchema>;
