import fc from 'fast-check';
import { type SimRangeConfig, loadIccidRangeConfig } from './iccid-range.config';
import { type IccidRange } from './iccid-range.types';
import { parseSimId } from './sim-id.parser';
import { classifySim } from './sim-gate';
import { digits, referenceLuhnDigit, validIccid } from './testing/sim.arbitraries';

function load(cosa: string, program: string): SimRangeConfig {
  const result = loadIccidRangeConfig({ cosa, program });
  if (!result.ok) throw new Error(result.issues.map((found) => found.message).join('\n'));
  return result.config;
}

const CONFIG = load(
  '8988247000100000000-8988247000109999999; 89000000000000000000-89000000000000009999',
  '8988247000100000000-8988247000101999999',
);

describe('classifySim (D4)', () => {
  it.each([
    ['8988247000100003319', 'inProgram'],
    ['iccid:8988247000101867183', 'inProgram'],
    ['iccid: 8988247000100297655F', 'inProgram'],
    ['8988247000103824828', 'notSupported'],
    ['iccid:8988247000101997790', 'inProgram'],
    ['89000000000000000004', 'notSupported'],
    ['8900000000000000003', 'notOperator'],
    ['8988247000200000009', 'notOperator'],
  ])('classifies %s as %s', (raw, kind) => {
    expect(classifySim(CONFIG, raw).kind).toBe(kind);
  });

  it('returns the normalised ICCID with the classification', () => {
    expect(classifySim(CONFIG, 'iccid: 8988247000100003319F')).toEqual({
      kind: 'inProgram',
      iccid: '8988247000100003319',
    });
    expect(classifySim(CONFIG, '8988247000103824828f')).toEqual({
      kind: 'notSupported',
      iccid: '8988247000103824828',
    });
    expect(classifySim(CONFIG, 'iccid:8900000000000000003')).toEqual({
      kind: 'notOperator',
      iccid: '8900000000000000003',
    });
  });

  it.each([
    ['89000000000000000000', 'ICCID_LUHN'],
    ['8900000000000000001', 'ICCID_LUHN'],
    ['iccid:988247000100003555', 'ICCID_LENGTH'],
    ['iccid:1212123000100295352', 'ICCID_PREFIX'],
    ['not-a-sim', 'ICCID_NOT_DIGITS'],
  ])('reports %s as malformed, caused by %s', (raw, cause) => {
    expect(classifySim(CONFIG, raw)).toMatchObject({ kind: 'malformed', cause });
  });

  it('calls malformed exactly what the SIM id parser rejects, and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), validIccid), (raw) => {
        expect(classifySim(CONFIG, raw).kind === 'malformed').toBe(!parseSimId(raw).ok);
      }),
    );
  });

  describe('agrees with a BigInt reading of the ranges', () => {
    // Ranges and SIMs share a 14-digit prefix and differ in a 3-digit block number, so that random SIMs often
    // land inside, outside and on the edges of random ranges.
    const PREFIX = '89882470001000';
    const pad3 = (block: number) => String(block).padStart(3, '0');
    const blockRange = (from: number, to: number): IccidRange => ({
      start: `${PREFIX}${pad3(from)}00`,
      end: `${PREFIX}${pad3(to)}99`,
    });
    const text = (ranges: readonly IccidRange[]) =>
      ranges.map(({ start, end }) => `${start}-${end}`).join('; ');

    const blockPair = fc
      .tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 999 }))
      .map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as const);

    // Each program range is carved out of one COSA range, so every generated configuration is valid.
    const rangeConfig = fc.array(blockPair, { minLength: 1, maxLength: 3 }).chain((cosaBlocks) =>
      fc
        .array(
          fc
            .tuple(fc.nat({ max: cosaBlocks.length - 1 }), fc.nat(), fc.nat())
            .map(([which, x, y]) => {
              const [from, to] = cosaBlocks[which] ?? [0, 0];
              const span = to - from + 1;
              const [c, d] = [from + (x % span), from + (y % span)];
              return blockRange(Math.min(c, d), Math.max(c, d));
            }),
          { minLength: 1, maxLength: 3 },
        )
        .map((program) => ({ cosa: cosaBlocks.map(([a, b]) => blockRange(a, b)), program })),
    );

    const nearbyIccid = fc
      .tuple(fc.integer({ min: 0, max: 999 }), digits(1))
      .map(([block, digit]) => {
        const body = `${PREFIX}${pad3(block)}${digit}`;
        return body + referenceLuhnDigit(body);
      });
    // A 20-digit ICCID sharing the prefix sorts between the 19-digit bounds but must never match them.
    const longerIccid = digits(4).map((tail) => {
      const body = `${PREFIX}${tail}0`;
      return body + referenceLuhnDigit(body);
    });
    const sim = fc.oneof(nearbyIccid, longerIccid, validIccid);
    const rawForm = fc.constantFrom(
      (iccid: string) => iccid,
      (iccid: string) => `iccid:${iccid}`,
      (iccid: string) => `iccid: ${iccid}F`,
    );

    const holds = (ranges: readonly IccidRange[], iccid: string) =>
      ranges.some(
        ({ start, end }) =>
          start.length === iccid.length &&
          BigInt(start) <= BigInt(iccid) &&
          BigInt(iccid) <= BigInt(end),
      );

    it('classifies every SIM as the ranges say', () => {
      fc.assert(
        fc.property(rangeConfig, sim, rawForm, ({ cosa, program }, iccid, form) => {
          const expected = !holds(cosa, iccid)
            ? 'notOperator'
            : holds(program, iccid)
              ? 'inProgram'
              : 'notSupported';
          expect(classifySim(load(text(cosa), text(program)), form(iccid))).toEqual({
            kind: expected,
            iccid,
          });
        }),
        { numRuns: 500 },
      );
    });

    it('puts every SIM of a program range in the program', () => {
      fc.assert(
        fc.property(rangeConfig, fc.nat(), fc.nat(), digits(1), (config, pick, offset, digit) => {
          const range = config.program[pick % config.program.length];
          if (range === undefined) throw new Error('the generator made no program range');
          const first = Number(range.start.slice(PREFIX.length, PREFIX.length + 3));
          const last = Number(range.end.slice(PREFIX.length, PREFIX.length + 3));
          const body = `${PREFIX}${pad3(first + (offset % (last - first + 1)))}${digit}`;
          const iccid = body + referenceLuhnDigit(body);
          const loaded = load(text(config.cosa), text(config.program));
          expect(classifySim(loaded, iccid)).toEqual({ kind: 'inProgram', iccid });
        }),
      );
    });
  });
});
