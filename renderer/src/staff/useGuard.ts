// How the staff areas (HR, studio) run a call to main: an ended session goes back to the PIN
// (`onAuthError` says it took the error), any other failure is kept to be shown.
import { useCallback, useState } from 'react';

export type Guard = <T>(work: () => Promise<T>) => Promise<T | undefined>;

export function useGuard(onAuthError: (error: unknown) => boolean): { guard: Guard; error: unknown; clearError: () => void } {
  const [error, setError] = useState<unknown>();
  const guard = useCallback<Guard>(async (work) => {
    setError(undefined);
    try {
      return await work();
    } catch (e) {
      if (!onAuthError(e)) setError(e);
      return undefined;
    }
  }, [onAuthError]);
  const clearError = useCallback(() => setError(undefined), []);
  return { guard, error, clearError };
}
