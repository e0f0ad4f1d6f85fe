import { KeptFolds } from './kept-folds';

describe('KeptFolds', () => {
  it('gives a fold back only at the position it was kept at', () => {
    const folds = new KeptFolds<string>();
    folds.keep('t1', 3, 'after 3');
    expect(folds.at('t1', 3)).toBe('after 3');
    expect(folds.at('t1', 2)).toBeUndefined();
    expect(folds.at('t1', 4)).toBeUndefined();
    expect(folds.at('t2', 3)).toBeUndefined();
    folds.keep('t1', 5, 'after 5');
    expect(folds.at('t1', 3)).toBeUndefined();
    expect(folds.at('t1', 5)).toBe('after 5');
  });

  it('forgets the least recently kept beyond its capacity', () => {
    const folds = new KeptFolds<number>(2);
    folds.keep('a', 1, 1);
    folds.keep('b', 1, 1);
    folds.keep('a', 2, 2);
    folds.keep('c', 1, 1);
    expect(folds.size).toBe(2);
    expect(folds.at('b', 1)).toBeUndefined();
    expect(folds.at('a', 2)).toBe(2);
    expect(folds.at('c', 1)).toBe(1);
  });
});
