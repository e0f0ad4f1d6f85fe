import { resolve } from 'node:path';
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

const pathText = z.string().trim().min(1);
const fromWorkingDirectory = (path: string): string => resolve(process.cwd(), path);

/** A file path; relative paths are read from the working directory (the repository root for every npm script). */
export const filePath = (fallback: string) =>
  pathText.default(fallback).transform(fromWorkingDirectory);

/** The same, where no file is a choice (null). */
export const optionalFilePath = pathText
  .optional()
  .transform((path) => (path === undefined ? null : fromWorkingDirectory(path)));

/** `production` refuses every development default (production-readiness.ts). */
export const appEnvironment = z
  .enum(['development', 'production'], { error: 'must be development or production' })
  .default('development');

export type CertificateSubject = Readonly<Record<string, string>>;

/** `CN=name,O=org`: every attribute written must equal the certificate subject's. */
export function parseSubject(text: string): CertificateSubject | null {
  const attributes: Record<string, string> = {};
  for (const part of text.split(/\s*,\s*/)) {
    const match = /^([A-Za-z][A-Za-z0-9.]*)=(.+)$/.exec(part.trim());
    if (!match?.[1] || !match[2]) return null;
    attributes[match[1]] = match[2];
  }
  return attributes;
}

export const subject = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const parsed = parseSubject(text);
      if (parsed !== null) return parsed;
      context.addIssue({ code: 'custom', message: 'must be attributes like CN=name,O=org' });
      return z.NEVER;
    });

/** A client a certificate identifies: its name, and the subject attributes its certificate must have. */
export interface CertificateClient {
  readonly name: string;
  readonly subject: CertificateSubject;
}

const clientName = /^[A-Za-z0-9._@-]{1,64}$/;

/** `name:CN=a,O=b;name2:CN=c`, or `none` (no client may use a certificate). */
export const certificateClients = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, context): CertificateClient[] => {
      if (text.trim() === 'none') return [];
      const clients: CertificateClient[] = [];
      text.split(';').forEach((entry, index) => {
        const colon = entry.indexOf(':');
        const name = entry.slice(0, colon).trim();
        const parsed = colon > 0 ? parseSubject(entry.slice(colon + 1)) : null;
        if (!clientName.test(name) || parsed === null) {
          context.addIssue({
            code: 'custom',
            message: `entry ${index + 1} must be name:CN=…[,O=…] (entries separated by ;), or none`,
          });
          return;
        }
        clients.push({ name, subject: parsed });
      });
      return clients;
    });

/** Comma-separated names (1 to 256 characters each, no spaces or commas). */
export const nameList = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text) =>
      text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .pipe(z.array(z.string().regex(/^[^\s,]{1,256}$/, 'must be a comma-separated list of names')));
