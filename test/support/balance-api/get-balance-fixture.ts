import type { Answer, ClientIdentity } from './balance-client';
import { ManualClock, startBalanceApi, type BalanceApiUnderTest } from './balance-app';
import { HistoryBuilder, iccidOf, type PlanSpec } from './purchase-histories';
import { uniqueName } from '../test-environment';
import { waitFor } from '../wait-for';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const US_30D: PlanSpec = { dataMB: 1024, validity: 'P30D', locations: ['US'] };
/** In COSA (8988247…) but outside the program (8988247 0…). */
export const cosaOnlySim = iccidOf('898824710000000042');
/** Well-formed, but no COSA range holds it. */
export const foreignSim = iccidOf('898825000000000042');

/** For the fields a test cannot predict: balance ids are generated, error messages are free text. */
export const anyString: unknown = expect.any(String);

export const balances = (answer: Answer) =>
  (answer.json as { balances: Array<Record<string, unknown>> }).balances;
export const firstBalance = (answer: Answer) => balances(answer)[0] ?? {};

export interface GetBalanceSuite {
  /** The test's clock: GetBalance computes time remaining from it. */
  readonly clock: ManualClock;
  /** The running balance-api (set once `beforeAll` has run). */
  readonly api: BalanceApiUnderTest;
  /** A fresh SIM inside the test program range (8988247 0…). */
  programSim(): string;
  get(path: string, headers?: Record<string, string>, identity?: ClientIdentity): Promise<Answer>;
  /** Puts a completed balance-addition purchase for `iccid` on the purchase event log. */
  credit(iccid: string, plan?: PlanSpec, atMs?: number): Promise<void>;
  /** Polls GetBalance until `accept` holds (the projector is asynchronous). */
  eventually(path: string, accept: (answer: Answer) => boolean, what?: string): Promise<Answer>;
}

/**
 * One balance-api for a test file, over real HTTPS with the development client certificates, on its own Kafka
 * namespace and database schema; started in `beforeAll`, stopped in `afterAll`.
 */
export function getBalanceSuite(startAtMs: number): GetBalanceSuite {
  const clock = new ManualClock(startAtMs);
  let running: BalanceApiUnderTest | undefined;
  let simCounter = 0;

  beforeAll(async () => {
    running = await startBalanceApi(clock, {
      BALANCE_API_RATE_LIMIT_PER_SECOND: '1000',
      BALANCE_API_RATE_LIMIT_BURST: '1000000',
    });
  });
  afterAll(() => running?.stop());

  const suite: GetBalanceSuite = {
    clock,
    get api() {
      if (running === undefined) throw new Error('balance-api is not running (beforeAll failed?)');
      return running;
    },
    programSim: () => iccidOf(`89882470000000${String((simCounter += 1)).padStart(4, '0')}`),
    get: (path, headers = {}, identity) =>
      suite.api.client.get(path, { headers, ...(identity ? { identity } : {}) }),
    credit: async (iccid, plan = US_30D, atMs = clock.nowMs - HOUR) => {
      await suite.api.writer.purchaseEvents(
        new HistoryBuilder(uniqueName('tx'), atMs).balanceAddition(iccid, plan).events,
      );
    },
    eventually: (path, accept, what = path) =>
      waitFor(
        async () => {
          const answer = await suite.get(path);
          return accept(answer) ? answer : undefined;
        },
        { timeoutMs: 20_000, what },
      ),
  };
  return suite;
}
