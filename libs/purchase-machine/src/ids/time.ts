/** Time arithmetic on RFC 3339 strings from inputs; the result is UTC with milliseconds. */
export function addMinutes(timestamp: string, minutes: number): string {
  return addSeconds(timestamp, minutes * 60);
}

export function addSeconds(timestamp: string, seconds: number): string {
  return new Date(Date.parse(timestamp) + seconds * 1000).toISOString();
}

export function latest(first: string, second: string): string {
  return Date.parse(first) >= Date.parse(second) ? first : second;
}
