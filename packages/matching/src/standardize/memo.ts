// Memoization of single-string standardizers: exports repeat the same names, dates and places across millions of
// rows, so each distinct spelling is worked out once. Bounded so memory stays flat on unbounded input.

/** Every memo's way to forget, so an erasure can clear what this process remembers of the texts it has seen. */
const forgetters = new Set<() => void>();

/** Registers a cache of texts (a memo elsewhere) to be cleared by forgetMemoizedText. */
export function onForgetMemoizedText(forget: () => void): void {
  forgetters.add(forget);
}

/**
 * Clears every memo of texts in this process. The memos hold recent names, emails and addresses as typed; an
 * erasure calls this so an erased person's values do not wait for the memos to fill before they go.
 */
export function forgetMemoizedText(): void {
  for (const forget of forgetters) forget();
}

export function memoizeText<T>(compute: (text: string) => T, limit = 100_000): (text: string) => T {
  let cache = new Map<string, T>();
  onForgetMemoizedText(() => (cache = new Map()));
  return (text: string): T => {
    const hit = cache.get(text);
    if (hit !== undefined || cache.has(text)) return hit as T;
    const value = compute(text);
    if (cache.size >= limit) cache = new Map();
    cache.set(text, value);
    return value;
  };
}
