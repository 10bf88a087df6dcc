import { partsOf, sideBySide } from './side-by-side';

describe('sideBySide', () => {
  it('runs every item, never more than atOnce at a time', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await sideBySide([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5 * (n % 3)));
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('rejects with the first failure', async () => {
    await expect(
      sideBySide([1, 2, 3], 2, async (n) => {
        if (n === 2) throw new Error('part 2 failed');
      }),
    ).rejects.toThrow('part 2 failed');
  });

  it('runs one at a time when asked for none or one', async () => {
    const order: number[] = [];
    await sideBySide([3, 1, 2], 0, async (n) => {
      await new Promise((r) => setTimeout(r, n));
      order.push(n);
    });
    expect(order).toEqual([3, 1, 2]);
  });
});

describe('partsOf', () => {
  it('cuts a list into consecutive parts of at most the size', () => {
    expect(partsOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(partsOf([], 2)).toEqual([]);
    expect(partsOf([1, 2], 0)).toEqual([[1], [2]]); // a size under one is one, never an endless loop
  });
});
