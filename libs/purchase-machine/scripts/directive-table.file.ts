/* eslint-disable no-restricted-imports -- a tooling script beside the pure library; it names a file. */
import { join } from 'node:path';
import { renderDirectiveTable } from '../src/directive/directive-table';

export const directiveTablePath = join(__dirname, '..', '..', '..', 'docs', 'directives.md');

export function directiveTableFile(): string {
  return renderDirectiveTable();
}
