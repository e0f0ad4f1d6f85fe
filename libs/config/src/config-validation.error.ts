/** One setting that failed validation, named by its environment variable. */
export interface ConfigIssue {
  readonly key: string;
  readonly message: string;
}

/** Thrown once at boot when settings are missing or invalid; names every bad key, never a value. */
export class ConfigValidationError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly issues: readonly ConfigIssue[]) {
    super(
      `Invalid configuration (${issues.length} setting${issues.length === 1 ? '' : 's'}):\n` +
        issues.map((issue) => `  - ${issue.key}: ${issue.message}`).join('\n'),
    );
    this.name = 'ConfigValidationError';
  }
}
