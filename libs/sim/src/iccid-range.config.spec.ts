import { loadIccidRangeConfig } from './iccid-range.config';
import { type IccidRangeIssue } from './iccid-range.types';

const COSA = '8988247000100000000-8988247000109999999';
const PROGRAM = '8988247000100000000-8988247000101999999';

function issuesOf(cosa: string, program: string): readonly IccidRangeIssue[] {
  const result = loadIccidRangeConfig({ cosa, program });
  if (result.ok) throw new Error('expected the configuration to be rejected');
  return result.issues;
}

const codesOf = (cosa: string, program: string) =>
  issuesOf(cosa, program).map((found) => found.code);

describe('loadIccidRangeConfig', () => {
  it('loads one COSA range and one program range', () => {
    expect(loadIccidRangeConfig({ cosa: COSA, program: PROGRAM })).toEqual({
      ok: true,
      config: {
        cosa: [{ start: '8988247000100000000', end: '8988247000109999999' }],
        program: [{ start: '8988247000100000000', end: '8988247000101999999' }],
      },
    });
  });

  it('accepts semicolons, commas, surrounding whitespace and a trailing separator', () => {
    const result = loadIccidRangeConfig({
      cosa: ` ${COSA} ;\n89000000000000000000 - 89000000000000009999 , `,
      program: `${PROGRAM};`,
    });
    expect(result.ok && result.config.cosa).toEqual([
      { start: '8988247000100000000', end: '8988247000109999999' },
      { start: '89000000000000000000', end: '89000000000000009999' },
    ]);
  });

  it('accepts a program range equal to a COSA range, and a single block of 100', () => {
    expect(loadIccidRangeConfig({ cosa: COSA, program: COSA }).ok).toBe(true);
    const block = '8988247000100003300-8988247000100003399';
    expect(loadIccidRangeConfig({ cosa: block, program: block }).ok).toBe(true);
  });

  it.each([
    ['COSA', '', PROGRAM, 'cosa'],
    ['COSA', ' ; , ', PROGRAM, 'cosa'],
    ['program', COSA, '', 'program'],
  ])('refuses an empty %s list', (_label, cosa, program, list) => {
    expect(issuesOf(cosa, program)).toContainEqual(
      expect.objectContaining({ code: 'RANGE_LIST_EMPTY', list }),
    );
  });

  it.each([
    ['a missing end', '8988247000100000000'],
    ['a missing start', '-8988247000109999999'],
    ['a missing end after the dash', '8988247000100000000 - '],
    ['three bounds', '8988247000100000000-8988247000100000099-8988247000100000199'],
  ])('refuses %s as RANGE_SYNTAX', (_label, range) => {
    expect(codesOf(range, PROGRAM)).toContain('RANGE_SYNTAX');
  });

  it.each([
    [
      'a letter in the start',
      '89882470001000000A0-8988247000109999999',
      ['RANGE_BOUND_NOT_DIGITS'],
    ],
    ['a filler in the end', '8988247000100000000-898824700010999999F', ['RANGE_BOUND_NOT_DIGITS']],
    ['a non-89 start', '1988247000100000000-8988247000109999999', ['RANGE_BOUND_PREFIX']],
    ['a start not ending in 00', '8988247000100000001-8988247000109999999', ['RANGE_START_SUFFIX']],
    ['an end not ending in 99', '8988247000100000000-8988247000109999990', ['RANGE_END_SUFFIX']],
    [
      'bounds of different lengths',
      '8988247000100000000-89882470001099999999',
      ['RANGE_LENGTH_MISMATCH'],
    ],
    ['a start after the end', '8988247000109999900-8988247000100000099', ['RANGE_ORDER']],
    [
      '18-digit bounds',
      '898824700010000000-898824700010999999',
      ['RANGE_BOUND_LENGTH', 'RANGE_BOUND_LENGTH'],
    ],
    [
      '21-digit bounds',
      '898824700010000000000-898824700010999999999',
      ['RANGE_BOUND_LENGTH', 'RANGE_BOUND_LENGTH'],
    ],
  ])('refuses %s', (_label, range, codes) => {
    const issues = issuesOf(`${COSA};${range}`, PROGRAM);
    expect(issues.map((found) => found.code)).toEqual(codes);
    issues.forEach((found) => expect(found).toMatchObject({ list: 'cosa', position: 2, range }));
  });

  it('says which bound is at fault', () => {
    expect(issuesOf('898824700010000000-898824700010999999', PROGRAM)[1]).toMatchObject({
      bound: 'end',
      message:
        'COSA ICCID range #1 "898824700010000000-898824700010999999": end must have 19 or 20 digits',
    });
  });

  it('names the list, the position and the range in its message', () => {
    const [found] = issuesOf(COSA, `${PROGRAM};8988247000200000001-8988247000200000099`);
    expect(found).toEqual({
      code: 'RANGE_START_SUFFIX',
      list: 'program',
      position: 2,
      range: '8988247000200000001-8988247000200000099',
      bound: 'start',
      message:
        'Mobile Plans program ICCID range #2 "8988247000200000001-8988247000200000099": start must end in 00',
    });
  });

  it('refuses a program range that lies inside no COSA range', () => {
    const outside = '8988247000200000000-8988247000200000099';
    expect(issuesOf(COSA, `${PROGRAM};${outside}`)).toEqual([
      {
        code: 'RANGE_OUTSIDE_COSA',
        list: 'program',
        position: 2,
        range: outside,
        message: `Mobile Plans program ICCID range #2 "${outside}": lies inside no valid COSA range`,
      },
    ]);
  });

  it.each([
    ['overlapping the end of COSA', '8988247000109999900-8988247000110000099'],
    ['wrapping the COSA range', '8988247000000000000-8988247000199999999'],
    ['of another length that sorts inside', '89882470001000000000-89882470001000000099'],
  ])('refuses a program range %s', (_label, range) => {
    expect(codesOf(COSA, range)).toEqual(['RANGE_OUTSIDE_COSA']);
  });

  it('needs each program range inside a single COSA range', () => {
    const cosa = '8988247000100000000-8988247000100000099;8988247000100000100-8988247000100000199';
    expect(codesOf(cosa, '8988247000100000000-8988247000100000199')).toEqual([
      'RANGE_OUTSIDE_COSA',
    ]);
  });

  it('reports every problem of both lists at once', () => {
    // The 2017 onboarding example of the spec: neither 89 nor whole blocks of 100.
    const onboarding =
      '1212123000100295352-1212123000100295360; 1212123000100295782-1212123000100295832;';
    const issues = issuesOf(onboarding, `x-y;${PROGRAM}`);
    expect(issues.map(({ code, list, position, bound }) => [code, list, position, bound])).toEqual([
      ['RANGE_BOUND_PREFIX', 'cosa', 1, 'start'],
      ['RANGE_START_SUFFIX', 'cosa', 1, 'start'],
      ['RANGE_BOUND_PREFIX', 'cosa', 1, 'end'],
      ['RANGE_END_SUFFIX', 'cosa', 1, 'end'],
      ['RANGE_BOUND_PREFIX', 'cosa', 2, 'start'],
      ['RANGE_START_SUFFIX', 'cosa', 2, 'start'],
      ['RANGE_BOUND_PREFIX', 'cosa', 2, 'end'],
      ['RANGE_END_SUFFIX', 'cosa', 2, 'end'],
      ['RANGE_BOUND_NOT_DIGITS', 'program', 1, 'start'],
      ['RANGE_BOUND_NOT_DIGITS', 'program', 1, 'end'],
      ['RANGE_OUTSIDE_COSA', 'program', 2, undefined],
    ]);
  });

  it('gives every issue a message that names its list', () => {
    issuesOf('', 'nonsense').forEach((found) => {
      expect(found.message).toMatch(/^(COSA|Mobile Plans program) ICCID range/);
    });
    expect(issuesOf('', PROGRAM)[0]?.message).toBe(
      'COSA ICCID ranges: no ICCID range is configured; write start-end pairs separated by ";"',
    );
  });
});
