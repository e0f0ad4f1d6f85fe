import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('is the same for the same content in another key order', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } };
    const b = { a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('differs when a value differs', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });

  it('writes the text the intake receipts were hashed from (integer-like keys sorted as text too)', () => {
    expect(
      canonicalJson({ b: [1, undefined, 'x'], a: null, 10: true, 9: false, u: undefined }),
    ).toBe('{"10":true,"9":false,"a":null,"b":[1,null,"x"]}');
  });

  it('tells undefined from null, as support compares contexts', () => {
    expect(canonicalJson(undefined)).not.toBe(canonicalJson(null));
  });
});
