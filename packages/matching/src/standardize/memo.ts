// Memoization of single-string standardizers: exports repeat the same names, dates and places across millions of
// rows, so each distinct spelling is worked out once. Bounded so memory stays flat on unbounded input.

export function memoizeText<T>(compute: (text: string) => T, limit = 100_000): (text: string) => T {
  let cache = new Map<string, T>();
  return (text: string): T => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const value = compute(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, value);
    return value;
  };
}
