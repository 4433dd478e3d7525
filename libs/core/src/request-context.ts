import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from './principal.js';

/** What is known about the request being served, without threading it through every call. */
export interface RequestContextStore {
  requestId: string;
  principal?: Principal;
  ip?: string;
}

const storage = new AsyncLocalStorage<RequestContextStore>();

export const RequestContext = {
  run<T>(store: RequestContextStore, work: () => T): T {
    return storage.run(store, work);
  },
  current(): RequestContextStore | undefined {
    return storage.getStore();
  },
  requestId(): string | undefined {
    return storage.getStore()?.requestId;
  },
  setPrincipal(principal: Principal): void {
    const store = storage.getStore();
    if (store) store.principal = principal;
  },
};
