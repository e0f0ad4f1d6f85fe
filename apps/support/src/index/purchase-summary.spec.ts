import {
  ICCID,
  inputs,
  seedSettings,
} from '../../../../libs/purchase-machine/src/testing/inputs.fixture';
import { decidePurchase } from '../testing/decided-purchase';
import { emptySummaryFold, foldSummary, summarize, summaryOf } from './purchase-summary';

// The indexer steps a summary on from the fold it kept at the purchase's last batch (ADR 0033): cut anywhere, the
// fold of the two parts must be the summary of the whole history.
describe('foldSummary', () => {
  const t = inputs('tx-summary');
  const { history } = decidePurchase(
    [
      t.completed('delayedProfile'),
      t.reserved(ICCID),
      t.confirmed(),
      t.timerFired(),
      t.released(),
      t.progress(3, 'Executed-Success', ICCID),
    ],
    seedSettings,
  );

  it('summarizes a history cut at any event as the whole', () => {
    expect(history.length).toBeGreaterThan(5);
    const whole = summarize('tx-summary', history);
    for (let cut = 0; cut <= history.length; cut += 1) {
      const first = foldSummary(emptySummaryFold(), history.slice(0, cut));
      const pending = [...first.pending];
      const stepped = foldSummary(first, history.slice(cut));
      expect(summaryOf('tx-summary', stepped)).toEqual(whole);
      // The kept fold is left as it was: a batch that rolls back must not change it.
      expect([...first.pending]).toEqual(pending);
      expect(first.eventCount).toBe(cut);
    }
  });
});
