// Writes docs/directives.md. Run: npx tsx libs/purchase-machine/scripts/generate-directive-table.ts
import { writeFileSync } from 'node:fs';
import { directiveTableFile, directiveTablePath } from './directive-table.file';

writeFileSync(directiveTablePath, directiveTableFile());
console.log(`wrote ${directiveTablePath}`);
