import { ConfigValidationError, ProductionModeError } from '@mp/config';
import { KafkaUnreachableError, TopicLayoutError, TopicSettingsError } from '@mp/event-log';
import { RouteAccessError } from '../security/access-control';

/**
 * Runs an entry point. A start-up failure is printed as one clear message (no stack for the errors we expect)
 * and exits non-zero; SIGINT/SIGTERM run the returned shutdown once.
 */
export function runMain(start: () => Promise<() => Promise<void>>): void {
  start().then(
    (shutdown) => {
      let stopping = false;
      const stop = (signal: NodeJS.Signals) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`received ${signal}, shutting down\n`);
        shutdown().then(
          () => process.exit(0),
          (error: unknown) => {
            process.stderr.write(`shutdown failed: ${describe(error)}\n`);
            process.exit(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`Start-up failed: ${describe(error)}\n`);
      process.exit(1);
    },
  );
}

function describe(error: unknown): string {
  if (
    error instanceof ConfigValidationError ||
    error instanceof ProductionModeError ||
    error instanceof RouteAccessError ||
    error instanceof KafkaUnreachableError ||
    error instanceof TopicLayoutError ||
    error instanceof TopicSettingsError
  )
    return error.message;
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    // Network errors name the address; that is what an operator needs, not the stack.
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return `${code}: ${error.message}`;
    return error.stack ?? error.message;
  }
  return String(error);
}
