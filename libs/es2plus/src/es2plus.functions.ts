import { type Es2Function } from '@mp/contracts';

/** The SM-DP+ side functions (operator → SM-DP+), mobile-plans.md section 14.2. */
export const SMDP_FUNCTIONS = [
  'downloadOrder',
  'confirmOrder',
  'cancelOrder',
  'releaseProfile',
] as const satisfies readonly Es2Function[];

/** The operator side function (SM-DP+ → operator). */
export const HANDLE_DOWNLOAD_PROGRESS_INFO = 'handleDownloadProgressInfo';

export type SmdpFunction = (typeof SMDP_FUNCTIONS)[number];
export type Es2plusFunctionName = SmdpFunction | typeof HANDLE_DOWNLOAD_PROGRESS_INFO;

/** Every ES2+ function lives under this path (SGP.22 section 6.5 JSON binding). */
export const ES2PLUS_PATH_PREFIX = '/gsma/rsp2/es2plus';

export function es2plusPath(fn: Es2plusFunctionName): string {
  return `${ES2PLUS_PATH_PREFIX}/${fn}`;
}

export function isSmdpFunction(name: string): name is SmdpFunction {
  return (SMDP_FUNCTIONS as readonly string[]).includes(name);
}

/** What we send; peers accept any `gsma/rsp/v2.x.y` (pysim sends v2.5.0). */
export const ADMIN_PROTOCOL = 'gsma/rsp/v2.5.0';
export const ADMIN_PROTOCOL_HEADER = 'x-admin-protocol';
export const ADMIN_PROTOCOL_PATTERN = /^gsma\/rsp\/v2\.\d+\.\d+$/;

export const ES2PLUS_CONTENT_TYPE = 'application/json;charset=UTF-8';

/** SGP.22 uses `application/json;charset=UTF-8`; plain `application/json` is accepted too. */
export function isJsonContentType(value: string | undefined): boolean {
  if (value === undefined) return false;
  const [type, ...parameters] = value.split(';').map((part) => part.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return parameters.every(
    (parameter) => !parameter.startsWith('charset=') || parameter === 'charset=utf-8',
  );
}
