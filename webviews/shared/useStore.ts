import { useEffect, useState } from 'preact/hooks';
import type { Store } from '../state/store.ts';

/** The store's state, re-rendering at most once per frame (the store coalesces its notifications). */
export function useStore<S, A>(store: Store<S, A>): S {
  const [state, setState] = useState(() => store.getState());
  useEffect(() => {
    setState(store.getState());
    return store.subscribe(setState);
  }, [store]);
  return state;
}
