/** Time arithmetic on RFC 3339 strings from inputs; the result is UTC with milliseconds. */
export function addMinutes(timestamp: string, minutes: number): string {
  return new Date(Date.parse(timestamp) + minutes * 60_000).toISOString();
}

export function latest(first: string, second: string): string {
  return Date.parse(first) >= Date.parse(second) ? first : second;
}
