/**
 * @module Loads a page's data from the admin API: on mount, when its inputs change, and on demand.
 */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { messageOf } from './api';

interface Loaded<T> {
  readonly data: T | undefined;
  readonly loading: boolean;
  readonly error: string | undefined;
  /** What the last load threw (an ApiError names the parameter at fault). */
  readonly failure: unknown;
  reload(): void;
}

/** Runs `load` whenever `inputs` change; an answer that arrives after a newer request started is dropped. */
function useLoad<T>(load: () => Promise<T>, inputs: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; loading: boolean; error: string | undefined; failure: unknown }>({
    data: undefined,
    loading: true,
    error: undefined,
    failure: undefined,
  });
  const latest = useRef(0);
  const run = useCallback(load, inputs);
  const reload = useCallback(() => {
    const ticket = ++latest.current;
    setState((previous) => ({ ...previous, loading: true, error: undefined, failure: undefined }));
    run().then(
      (data) => {
        if (ticket === latest.current) setState({ data, loading: false, error: undefined, failure: undefined });
      },
      (error: unknown) => {
        if (ticket === latest.current) setState((previous) => ({ ...previous, loading: false, error: messageOf(error), failure: error }));
      },
    );
  }, [run]);
  useEffect(reload, [reload]);
  return { ...state, reload };
}

export { useLoad };
export type { Loaded };
