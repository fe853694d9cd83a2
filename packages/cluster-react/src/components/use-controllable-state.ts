import { useCallback, useState } from 'react';

/**
 * Radix-style state: controlled when `value` is given (the parent owns it and hears of changes
 * through `onChange`), uncontrolled otherwise (starting from `defaultValue`).
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T,
  onChange: ((value: T) => void) | undefined,
): [T, (next: T) => void] {
  const [own, setOwn] = useState(defaultValue);
  const controlled = value !== undefined;
  const current = controlled ? value : own;
  const set = useCallback(
    (next: T) => {
      if (!controlled) setOwn(next);
      onChange?.(next);
    },
    [controlled, onChange],
  );
  return [current, set];
}
