import { type DirectiveArg } from './directive.schema';

/**
 * The directive as one line of JavaScript. JSON is valid JavaScript for every argument we emit (objects of strings,
 * strings, non-negative integers), so the script is the function name applied to the JSON of each argument.
 */
export function renderDirectiveScript(api: string, args: readonly DirectiveArg[]): string {
  return `${api}(${args.map((arg) => JSON.stringify(arg)).join(', ')});`;
}
