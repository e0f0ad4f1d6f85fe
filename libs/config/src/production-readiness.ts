import type { DevelopmentDefault } from './development-defaults';
import type { AppConfig } from './per-app/app-config.types';

/** APP_ENV=production with development defaults in place: what to change, app by app, in one message. */
export class ProductionModeError extends Error {
  readonly code = 'PRODUCTION_MODE_REFUSED';

  constructor(readonly findings: readonly { app: string; default: DevelopmentDefault }[]) {
    super(
      `APP_ENV=production refuses ${findings.length} development default${findings.length === 1 ? '' : 's'}:\n` +
        findings
          .map(
            (finding) => `  - ${finding.app}: ${finding.default.setting}: ${finding.default.what}`,
          )
          .join('\n'),
    );
    this.name = 'ProductionModeError';
  }
}

/** Throws a ProductionModeError naming every development default of every app that runs in production mode. */
export function assertProductionReady(configs: readonly AppConfig[]): void {
  const findings = configs
    .filter((config) => config.environment === 'production')
    .flatMap((config) =>
      config.developmentDefaults.map((found) => ({ app: config.appName, default: found })),
    );
  if (findings.length > 0) throw new ProductionModeError(findings);
}
