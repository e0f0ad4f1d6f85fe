import { join } from 'node:path';
import { renderDirectiveTable } from '../src/directive/directive-table';

export const directiveTablePath = join(__dirname, '..', '..', '..', 'docs', 'directives.md');

export function directiveTableFile(): string {
  return renderDirectiveTable();
}
