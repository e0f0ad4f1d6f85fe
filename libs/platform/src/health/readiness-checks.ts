import { Injectable } from '@nestjs/common';

/** What a part of an app says about itself: ready or not, and why (shown in /health/ready). */
export type ReadinessReport = { readonly ready: boolean } & Readonly<Record<string, unknown>>;

/**
 * Parts of an app that know whether it can do its work (a projection that has caught up, a consumer that runs)
 * register here; /health/ready is down while any of them says it is not ready. Names are fixed by the code.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  /**
   * `required: false` for a part the app serves its main work without (the gateway takes portal events while its
   * purchase view catches up): while it is not ready, readiness says `degraded` and stays 200.
   */
  register(name: string, check: () => ReadinessReport, options: { required?: boolean } = {}): void {
    this.checks.set(name, { report: check, required: options.required ?? true });
  }

  unregister(name: string): void {
    this.checks.delete(name);
  }

  entries(): [string, ReadinessCheck][] {
    return [...this.checks];
  }
}

export interface ReadinessCheck {
  readonly report: () => ReadinessReport;
  readonly required: boolean;
}
