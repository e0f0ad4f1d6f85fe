import {
  appRoundedMinutes,
  earliestAppAttemptMinutes,
  latestAppAttemptMinutes,
} from './app-intervals';

describe("the app's rounding of an interval (D23 as revised)", () => {
  it.each([
    [0, 0],
    [5, 15], // the seeds' example: "about 15 minutes"
    [7, 15],
    [8, 15],
    [15, 15],
    [20, 15],
    [22, 15],
    [23, 30],
    [29, 30],
    [30, 30],
    [37, 30],
    [38, 45],
    [60, 60],
  ])('%i minutes: the app tries after about %i', (raw, rounded) => {
    expect(appRoundedMinutes(raw)).toBe(rounded);
  });

  it.each([
    [20, 15, 20],
    [22, 15, 22],
    [29, 29, 30],
    [30, 30, 30],
    [0, 0, 0],
    [5, 5, 15],
  ])(
    '%i minutes: the backend is ready by %i (the lower), the app acts by %i (the higher)',
    (raw, earliest, latest) => {
      expect(earliestAppAttemptMinutes(raw, 'nearest15')).toBe(earliest);
      expect(latestAppAttemptMinutes(raw, 'nearest15')).toBe(latest);
    },
  );

  it('purchases recorded before the revision keep the raw interval both ways', () => {
    expect(earliestAppAttemptMinutes(20, 'none')).toBe(20);
    expect(latestAppAttemptMinutes(5, 'none')).toBe(5);
  });
});
