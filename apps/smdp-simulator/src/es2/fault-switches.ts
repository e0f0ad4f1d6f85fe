import { z } from 'zod';
import { SMDP_FUNCTIONS } from '@mp/es2plus';

/**
 * Faults to inject, for tests and for people trying the system. `times` counts how many matching calls a rule
 * still applies to (absent: every call).
 * - latency: wait `ms` before handling the call.
 * - http5xx: answer HTTP `httpStatus` (503) without handling the call.
 * - failed: answer `Failed` with `statusCodeData` without handling the call.
 * - timeout: handle the call (the state changes and the answer is kept for idempotent replay) but never answer:
 *   hold the connection `ms` (30 s), then drop it. The caller's retry must not make a second order.
 * - reset: drop the connection at once without handling the call (a transport error).
 */
export const faultRuleSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('latency'),
    function: z.enum(SMDP_FUNCTIONS).optional(),
    times: z.number().int().positive().optional(),
    ms: z.number().int().min(0).max(120_000),
  }),
  z.object({
    kind: z.literal('http5xx'),
    function: z.enum(SMDP_FUNCTIONS).optional(),
    times: z.number().int().positive().optional(),
    httpStatus: z.number().int().min(500).max(599).default(503),
  }),
  z.object({
    kind: z.literal('failed'),
    function: z.enum(SMDP_FUNCTIONS).optional(),
    times: z.number().int().positive().optional(),
    statusCodeData: z
      .object({
        subjectCode: z.string().min(1),
        reasonCode: z.string().min(1),
        message: z.string().optional(),
      })
      .default({ subjectCode: '1.6', reasonCode: '4.2', message: 'injected failure' }),
  }),
  z.object({
    kind: z.literal('timeout'),
    function: z.enum(SMDP_FUNCTIONS).optional(),
    times: z.number().int().positive().optional(),
    ms: z.number().int().min(0).max(120_000).default(30_000),
  }),
  z.object({
    kind: z.literal('reset'),
    function: z.enum(SMDP_FUNCTIONS).optional(),
    times: z.number().int().positive().optional(),
  }),
]);
export type FaultRule = z.output<typeof faultRuleSchema>;
export type FaultKind = FaultRule['kind'];

export const faultRulesSchema = z.object({ rules: z.array(faultRuleSchema).max(100) });

export interface AppliedFaults {
  readonly latencyMs: number;
  /** The one non-latency fault for this call, if any. */
  readonly fault: Exclude<FaultRule, { kind: 'latency' }> | undefined;
}

export class FaultSwitches {
  private rules: FaultRule[] = [];

  list(): readonly FaultRule[] {
    return this.rules;
  }

  replace(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule }));
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  /** The faults that apply to one call of `fn`; using a rule counts it down and drops it at zero. */
  take(fn: string): AppliedFaults {
    let latencyMs = 0;
    let fault: AppliedFaults['fault'];
    for (const rule of this.rules) {
      if (rule.function !== undefined && rule.function !== fn) continue;
      if (rule.kind === 'latency') {
        latencyMs += rule.ms;
        this.countDown(rule);
      } else if (fault === undefined) {
        fault = rule;
        this.countDown(rule);
      }
    }
    this.rules = this.rules.filter((rule) => rule.times === undefined || rule.times > 0);
    return { latencyMs, fault };
  }

  private countDown(rule: FaultRule): void {
    if (rule.times !== undefined) rule.times -= 1;
  }
}
