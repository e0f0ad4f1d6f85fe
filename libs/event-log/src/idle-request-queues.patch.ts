/**
 * kafkajs 2.2.4 (its last release) reschedules its request queue's check after every check, whether or not a
 * request is waiting, with a delay of `throttledUntil - now`, negative unless the broker throttles: every connection
 * that has had an answer runs a timer each millisecond for as long as it is open (kafkajs issues 1704 and 1751;
 * Node 24 also warns `TimeoutNegativeWarning` for it). An app holds dozens of connections (a transactional producer
 * per partition, consumers, admin), so this is a steady share of its CPU and of its event loop's turns.
 *
 * The check exists for requests queued behind a throttle or a full in-flight window, and `push` schedules it
 * whenever it queues one; an answer and a timed-out request check the queue too. With nothing queued there is
 * nothing to check, so no timer is started then (the fix proposed upstream in kafkajs pull request 1768). With a
 * request queued the check is scheduled exactly as kafkajs does it.
 */
interface RequestQueuePrototype {
  scheduleCheckPendingRequests(this: { pending: readonly unknown[] }): void;
}

let installed = false;

export function stopIdleRequestQueuePolling(): void {
  if (installed) return;
  installed = true;
  // kafkajs exports no request queue: its module is required by path (kafkajs is pinned at 2.2.4).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { prototype } = require('kafkajs/src/network/requestQueue/index.js') as {
    prototype: RequestQueuePrototype;
  };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with each queue as `this`
  const schedule = prototype.scheduleCheckPendingRequests;
  prototype.scheduleCheckPendingRequests = function () {
    if (this.pending.length === 0) return;
    schedule.call(this);
  };
}
