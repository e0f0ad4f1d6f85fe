import { z } from 'zod';

/** Reusable schemas for single environment settings (all arrive as strings). */

/** A TCP port to listen on; 0 asks the system for any free port (tests use it). */
export const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a TCP port number' })
    .int('must be an integer')
    .min(0, 'must be between 0 and 65535')
    .max(65535, 'must be between 0 and 65535')
    .default(fallback);

export const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .positive('must be greater than 0')
    .default(fallback);

export const host = (fallback: string) =>
  z.string().trim().min(1, 'must not be empty').default(fallback);

export const brokerList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) => text.split(',').map((broker) => broker.trim()))
    .pipe(
      z
        .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'must be a comma-separated list of host:port'))
        .min(1, 'must name at least one broker'),
    );

export const postgresUrl = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((text) => {
      try {
        const url = new URL(text);
        return (
          (url.protocol === 'postgres:' || url.protocol === 'postgresql:') &&
          url.pathname.length > 1
        );
      } catch {
        return false;
      }
    }, 'must be a postgres://user@host:port/database URL');

export const logLevel = z
  .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: 'must be one of fatal, error, warn, info, debug, trace, silent',
  })
  .default('info');

export const boolean = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { error: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((text) => text === 'true' || text === '1');

export const kafkaNamespace = z
  .string()
  .regex(/^[A-Za-z0-9._-]*$/, 'must contain only letters, digits, dots, underscores and dashes')
  .max(100)
  .default('');

export const postgresSchema = z
  .string()
  .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case PostgreSQL identifier')
  .max(63)
  .default('public');
