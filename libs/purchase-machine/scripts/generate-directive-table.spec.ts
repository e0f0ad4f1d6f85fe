import { readFileSync } from 'node:fs';
import { directiveTableFile, directiveTablePath } from './directive-table.file';

describe('docs/directives.md', () => {
  it('is what the generator produces from the directive builder (regenerate it if this fails)', () => {
    expect(readFileSync(directiveTablePath, 'utf8')).toBe(directiveTableFile());
  });

  it('names every API of D18 in its generation', () => {
    const table = directiveTableFile();
    for (const api of [
      'MobilePlans.notifyPurchaseWithProfileDownload',
      'MobilePlans.notifyPurchaseDelayedProfile',
      'MobilePlansInlineProfileDownload.notifyInlineProfileDownload',
      'MobilePlans.notifyBalanceAddition',
      'MobilePlans.notifyCancelledPurchase',
      'MobilePlansInlineOperations.notifyProfileDownload',
      'MobilePlansInlineOperations.notifyBalanceAddition',
      'MobilePlansInlineOperations.notifyOperationCancel',
    ]) {
      expect(table).toContain(api);
    }
  });
});
