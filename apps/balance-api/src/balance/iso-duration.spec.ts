import { addIsoDuration, formatRemaining } from './iso-duration';

const at = (iso: string) => Date.parse(iso);

describe('ISO 8601 durations', () => {
  it.each([
    ['P30D', '2030-01-01T00:00:00Z', '2030-01-31T00:00:00Z'],
    ['PT2H30M', '2030-01-01T00:00:00Z', '2030-01-01T02:30:00Z'],
    ['P1W', '2030-01-01T00:00:00Z', '2030-01-08T00:00:00Z'],
    ['P1M', '2030-01-31T12:00:00Z', '2030-02-28T12:00:00Z'],
    ['P1Y2M3DT4H5M6S', '2030-01-01T00:00:00Z', '2031-03-04T04:05:06Z'],
    ['PT0.5S', '2030-01-01T00:00:00Z', '2030-01-01T00:00:00.500Z'],
  ])('%s after %s is %s', (duration, from, expected) => {
    expect(addIsoDuration(at(from), duration)).toBe(at(expected));
  });

  it.each(['', 'P', 'PT', '30D', 'P-1D', 'P1DT'])('refuses %j', (duration) => {
    expect(addIsoDuration(0, duration)).toBeNull();
  });

  it.each([
    [0, 'PT0S'],
    [-5000, 'PT0S'],
    [999, 'PT0S'],
    [1000, 'PT1S'],
    [(23 * 24 + 23) * 3_600_000, 'P23DT23H'],
    [30 * 86_400_000, 'P30D'],
    [3_723_000, 'PT1H2M3S'],
    [86_400_000 + 59_999, 'P1DT59S'],
  ])('D14: %i ms remaining reads %s', (span, text) => {
    expect(formatRemaining(span)).toBe(text);
  });
});
