import { ISO_3166_ALPHA2 } from './country-codes';

export type FieldsTemplate = 'basic' | 'full';

export interface BalanceQuery {
  readonly fieldsTemplate: FieldsTemplate;
  /** Upper case; null = every active balance (D5). */
  readonly location: string | null;
  /** null = all (D6). */
  readonly limit: number | null;
}

export type ParsedQuery =
  | { readonly ok: true; readonly query: BalanceQuery }
  | { readonly ok: false; readonly parameter: string; readonly message: string };

const INT_MAX = 2_147_483_647;

/** D5–D8: the query string as Fastify parsed it (a repeated parameter arrives as an array). */
export function parseBalanceQuery(raw: Readonly<Record<string, unknown>> | undefined): ParsedQuery {
  const query = raw ?? {};
  const fieldsTemplate = single(query, 'fieldsTemplate');
  const location = single(query, 'location');
  const limit = single(query, 'limit');
  if (fieldsTemplate === INVALID) return bad('fieldsTemplate', 'must be given once: basic or full');
  if (location === INVALID) return bad('location', 'must be given once');
  if (limit === INVALID) return bad('limit', 'must be given once');

  const template = fieldsTemplate === undefined ? 'basic' : fieldsTemplate.toLowerCase();
  if (template !== 'basic' && template !== 'full') {
    return bad('fieldsTemplate', 'must be basic or full');
  }
  let country: string | null = null;
  if (location !== undefined && location !== '') {
    country = location.toUpperCase();
    if (!/^[A-Z]{2}$/.test(country) || !ISO_3166_ALPHA2.has(country)) {
      return bad('location', 'must be an assigned ISO 3166-1 alpha-2 country code');
    }
  }
  let count: number | null = null;
  if (limit !== undefined) {
    // Decimal digits only: no sign, no exponent, no fraction; leading zeros are still the same integer.
    if (!/^[0-9]{1,10}$/.test(limit) || Number(limit) < 1 || Number(limit) > INT_MAX) {
      return bad('limit', `must be an integer from 1 to ${INT_MAX}`);
    }
    count = Number(limit);
  }
  return { ok: true, query: { fieldsTemplate: template, location: country, limit: count } };
}

const INVALID = Symbol('invalid');

function single(
  query: Readonly<Record<string, unknown>>,
  name: string,
): string | undefined | typeof INVALID {
  const value = query[name];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : INVALID;
}

function bad(parameter: string, message: string): ParsedQuery {
  return { ok: false, parameter, message: `${parameter} ${message}` };
}
