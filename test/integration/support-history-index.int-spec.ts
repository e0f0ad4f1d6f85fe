import type { OperatorAction } from '../../apps/support/src/operator/operator-actions.service';
import {
  READ_ONLY_TOKEN,
  supportHistorySuite,
  type History,
} from '../support/support-api/support-history-fixture';

// The index itself: the projector applies each record once across a restart, and a rebuild from the log gives
// the same index.
describe('support API over the event index', () => {
  const suite = supportHistorySuite();
  const { purchases, get, post, run, indexed, restart } = suite;

  it('applies each record once across a restart, and rebuilds the same index from the log', async () => {
    const { transactionId, decisions } = purchases.inline!;
    const count = decisions.flatMap((d) => d.events).length;
    const before = await indexed(transactionId, count);
    await restart();
    const extra = await run('after-restart', (t) => [t.completed('balanceAddition')]);
    await indexed(extra.transactionId, extra.decisions.flatMap((d) => d.events).length);

    expect((await get<History>(`/v1/support/transactions/${transactionId}/events`)).body).toEqual(
      before,
    );

    const readOnly = await post('/v1/support/index/rebuild', {}, READ_ONLY_TOKEN);
    const rebuild = await post('/v1/support/index/rebuild', { reason: 'after the restore' });
    expect([readOnly.status, readOnly.body.error?.code]).toEqual([403, 'ROLE_REQUIRED']);
    expect(rebuild.status).toBe(202);
    const actions = await get<{ operatorActions: OperatorAction[] }>(
      '/v1/support/operator-actions',
    );
    expect(actions.body.operatorActions).toEqual([
      expect.objectContaining({
        action: 'index-rebuild',
        requestedBy: 'alice',
        transactionId: null,
        reason: 'after the restore',
      }),
    ]);
    const rebuilt = await indexed(transactionId, count);
    expect(rebuilt).toEqual(before);
    await indexed(extra.transactionId, extra.decisions.flatMap((d) => d.events).length);
  });
});
