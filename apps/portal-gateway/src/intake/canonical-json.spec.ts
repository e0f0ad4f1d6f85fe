import { canonicalJson, sha256 } from './canonical-json';

describe('canonical JSON', () => {
  it('is the same for the same content in another key order', () => {
    const a = { b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'z' } };
    const b = { a: { c: 'z', d: [1, { x: 1, y: 2 }] }, b: 1 };

    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(sha256(canonicalJson(a))).toBe(sha256(canonicalJson(b)));
  });

  it('differs when a value differs', () => {
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: 2 }));
    expect(canonicalJson({ a: [1, 2] })).not.toBe(canonicalJson({ a: [2, 1] }));
  });
});
