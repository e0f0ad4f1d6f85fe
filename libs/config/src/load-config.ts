import type { z } from 'zod';
import { ConfigValidationError, type ConfigIssue } from './config-validation.error';
import { readEnvironment, type Environment } from './environment.source';

/**
 * Validates the environment against a schema whose keys are environment variable names, and returns the typed
 * result. Throws one ConfigValidationError that names every bad key.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  environment: Environment = readEnvironment(),
): z.output<S> {
  const result = schema.safeParse(withoutEmptyValues(environment));
  if (result.success) return result.data;
  throw new ConfigValidationError(toIssues(result.error));
}

/** Runs several loaders and reports the issues of all of them together (one process hosting several apps). */
export function loadAll<T extends readonly unknown[]>(loaders: { [K in keyof T]: () => T[K] }): T {
  const issues: ConfigIssue[] = [];
  const results = loaders.map((load) => {
    try {
      return load();
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      issues.push(...error.issues);
      return undefined;
    }
  });
  if (issues.length > 0) throw new ConfigValidationError(dedupe(issues));
  return results as unknown as T;
}

function toIssues(error: z.ZodError): ConfigIssue[] {
  return dedupe(
    error.issues.map((issue) => ({
      key: issue.path.length > 0 ? String(issue.path[0]) : '(environment)',
      message: issue.message,
    })),
  );
}

function dedupe(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.key}\u0000${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** An empty variable (`FOO=`) means "not set", so that defaults apply. */
function withoutEmptyValues(environment: Environment): Record<string, string> {
  const entries = Object.entries(environment).filter(
    (entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '',
  );
  return Object.fromEntries(entries);
}
