import { type AppIntervalRounding } from '@mp/contracts';

const quarterHour = 15;

/**
 * D23 as revised: the app rounds an interval to the nearest 15 minutes (seed documents 001/002), yet 5 becomes
 * "about 15", so a positive interval never rounds to 0; 0 means now. 20 → 15, 22 → 15, 29 → 30, 30 → 30.
 */
export function appRoundedMinutes(minutes: number): number {
  if (minutes <= 0) return 0;
  return Math.max(quarterHour, Math.round(minutes / quarterHour) * quarterHour);
}

/** The earliest the app may act on an interval: what the backend's own work must be ready by. */
export function earliestAppAttemptMinutes(minutes: number, rounding: AppIntervalRounding): number {
  return rounding === 'nearest15' ? Math.min(minutes, appRoundedMinutes(minutes)) : minutes;
}

/** The latest the app is expected to act (before "it might take longer"): when waiting for it may start. */
export function latestAppAttemptMinutes(minutes: number, rounding: AppIntervalRounding): number {
  return rounding === 'nearest15' ? Math.max(minutes, appRoundedMinutes(minutes)) : minutes;
}
