import { loadIccidRangeConfig, type SimRanges } from '@mp/sim';
import { cosaRangesExport } from './cosa-ranges.export';

function ranges(cosa: string, program: string): SimRanges {
  const result = loadIccidRangeConfig({ cosa, program });
  if (!result.ok) throw new Error(result.issues.map((issue) => issue.message).join('\n'));
  return result.config;
}

describe('the COSA ranges export', () => {
  it('puts each program range under its COSA range and names the rest (NOTSUPPORTED in GetBalance)', () => {
    const exported = cosaRangesExport(
      ranges(
        '8988247000100000000-8988247000109999999;89882470001000000000-89882470001000009999',
        '8988247000100000000-8988247000100999999;8988247000105000000-8988247000105999999;' +
          '89882470001000000000-89882470001000009999',
      ),
    );

    expect(exported.cosa).toEqual([
      {
        start: '8988247000100000000',
        end: '8988247000109999999',
        digits: 19,
        program: [
          { start: '8988247000100000000', end: '8988247000100999999' },
          { start: '8988247000105000000', end: '8988247000105999999' },
        ],
        notInProgram: [
          { start: '8988247000101000000', end: '8988247000104999999' },
          { start: '8988247000106000000', end: '8988247000109999999' },
        ],
      },
      {
        start: '89882470001000000000',
        end: '89882470001000009999',
        digits: 20,
        program: [{ start: '89882470001000000000', end: '89882470001000009999' }],
        notInProgram: [],
      },
    ]);
    expect(exported.serviceConfiguration).toBe(
      '8988247000100000000-8988247000100999999;8988247000105000000-8988247000105999999;' +
        '89882470001000000000-89882470001000009999',
    );
  });

  it('joins program ranges that overlap or touch, in order, whatever order they were written in', () => {
    const exported = cosaRangesExport(
      ranges(
        '8988247000100000000-8988247000109999999',
        '8988247000100500000-8988247000100999999;8988247000100000000-8988247000100499999;' +
          '8988247000100200000-8988247000100299999',
      ),
    );

    expect(exported.cosa[0]?.program).toEqual([
      { start: '8988247000100000000', end: '8988247000100999999' },
    ]);
    expect(exported.cosa[0]?.notInProgram).toEqual([
      { start: '8988247000101000000', end: '8988247000109999999' },
    ]);
  });

  it('lists a COSA range the program leaves out entirely, and one it fills to the end', () => {
    const exported = cosaRangesExport(
      ranges(
        '8988247000100000000-8988247000100009999;8988247000200000000-8988247000200009999',
        '8988247000200005000-8988247000200009999',
      ),
    );

    expect(exported.cosa.map(({ program, notInProgram }) => ({ program, notInProgram }))).toEqual([
      {
        program: [],
        notInProgram: [{ start: '8988247000100000000', end: '8988247000100009999' }],
      },
      {
        program: [{ start: '8988247000200005000', end: '8988247000200009999' }],
        notInProgram: [{ start: '8988247000200000000', end: '8988247000200004999' }],
      },
    ]);
  });
});
