/**
 * ISO 8601 durations: plan validity arrives as one (`P30D`, `P1M`), and D14 answers with one. Calendar parts (years,
 * months) move the UTC calendar date, so `P1M` from 31 January lands on the last day of February (like most
 * billing systems), and the rest are exact spans.
 */
const DURATION =
  /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The instant `duration` after `fromMs`; null when the duration is not one this parser understands. */
export function addIsoDuration(fromMs: number, duration: string): number | null {
  const match = DURATION.exec(duration);
  if (match === null || duration === 'P' || duration.endsWith('T')) return null;
  const [, years, months, weeks, days, hours, minutes, seconds] = match.map((part) =>
    part === undefined ? 0 : Number(part),
  ) as [unknown, number, number, number, number, number, number, number];
  const date = new Date(fromMs);
  if (years !== 0 || months !== 0) {
    const day = date.getUTCDate();
    date.setUTCDate(1);
    date.setUTCMonth(date.getUTCMonth() + years * 12 + months);
    const lastDay = new Date(
      Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0),
    ).getUTCDate();
    date.setUTCDate(Math.min(day, lastDay));
  }
  return (
    date.getTime() +
    weeks * 7 * DAY +
    days * DAY +
    hours * HOUR +
    minutes * MINUTE +
    Math.round(seconds * SECOND)
  );
}

/** D14: a span as days, hours, minutes and whole seconds (`P23DT23H`, `PT5M3S`); nothing left is `PT0S`. */
export function formatRemaining(spanMs: number): string {
  let seconds = Math.floor(Math.max(0, spanMs) / SECOND);
  if (seconds === 0) return 'PT0S';
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const date = days > 0 ? `${days}D` : '';
  const time =
    (hours > 0 ? `${hours}H` : '') +
    (minutes > 0 ? `${minutes}M` : '') +
    (seconds > 0 ? `${seconds}S` : '');
  return `P${date}${time === '' ? '' : `T${time}`}`;
}
