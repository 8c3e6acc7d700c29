import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError } from '../api/api-error.ts';
import { api } from '../api/endpoints.ts';
import type { AppInfo } from '../api/types.ts';
import { connectDashboard } from './dashboard.ts';
import { initialNamespace, NAMESPACE_STORAGE_KEY } from './initial-namespace.ts';

export type NamespaceMode = 'detecting' | 'dashboard' | 'standalone';

export interface AppState {
  mode: NamespaceMode;
  namespace: string | undefined;
  /** Namespaces for the standalone selector; undefined when listing is forbidden (free-text field). */
  namespaces: string[] | undefined;
  setNamespace: (ns: string) => void;
  /** Set while the central dashboard has "All namespaces" selected. */
  allNamespaces: string[] | undefined;
  info: AppInfo | undefined;
  /** Set when a call answered 401: the whole app shows "You are not signed in". */
  signedOut: boolean;
  markSignedOut: () => void;
}

const AppContext = createContext<AppState | undefined>(undefined);

function saved(): string | null {
  try {
    return localStorage.getItem(NAMESPACE_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function AppProvider({ children }: { children: ReactNode }) {
  const [mode, setMode] = useState<NamespaceMode>('detecting');
  const [namespace, setNamespaceState] = useState<string | undefined>(undefined);
  const [namespaces, setNamespaces] = useState<string[] | undefined>(undefined);
  const [allNamespaces, setAllNamespaces] = useState<string[] | undefined>(undefined);
  const [info, setInfo] = useState<AppInfo | undefined>(undefined);
  const [signedOut, setSignedOut] = useState(false);

  const setNamespace = useCallback((ns: string) => {
    try {
      localStorage.setItem(NAMESPACE_STORAGE_KEY, ns);
    } catch {
      // Not persisted in private mode.
    }
    setNamespaceState(ns);
  }, []);

  useEffect(() => {
    let cancelled = false;
    api
      .info()
      .then((r) => !cancelled && setInfo(r.info ?? {}))
      .catch((err: unknown) => {
        if (!cancelled) setInfo({});
        if (err instanceof ApiError && err.status === 401) setSignedOut(true);
      });
    void connectDashboard({
      onNamespace: (ns) => {
        if (cancelled) return;
        setAllNamespaces(undefined);
        setNamespaceState(ns);
      },
      onAllNamespaces: (all) => {
        if (cancelled || all.length === 0) return;
        setAllNamespaces([...all]);
        setNamespaceState((current) => current ?? all[0]);
      },
    }).then(async (inDashboard) => {
      if (cancelled) return;
      if (inDashboard) {
        setMode('dashboard');
        return;
      }
      let listed: string[] = [];
      try {
        listed = await api.namespaces();
        if (!cancelled) setNamespaces(listed);
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) setSignedOut(true);
        if (!cancelled) setNamespaces(undefined);
      }
      if (cancelled) return;
      setNamespaceState(initialNamespace(window.location.search, saved(), listed));
      setMode('standalone');
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const value = useMemo<AppState>(
    () => ({
      mode,
      namespace,
      namespaces,
      setNamespace,
      allNamespaces,
      info,
      signedOut,
      markSignedOut: () => setSignedOut(true),
    }),
    [mode, namespace, namespaces, setNamespace, allNamespaces, info, signedOut],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}

export function useApp(): AppState {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside AppProvider');
  return value;
}
