import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from './api';
import type { User } from './api-types';

interface SessionState {
  /** undefined while the first /me call is in flight. */
  user: User | null | undefined;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** Asks the server again who is logged in (after a password change or an accepted invitation). */
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

/** Holds the signed-in user; asks the server once on start whether a session cookie is still valid. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null | undefined>(undefined);

  useEffect(() => {
    api.me().then(
      (s) => setUser(s?.user ?? null),
      () => setUser(null),
    );
  }, []);

  const login = useCallback(async (email: string, password: string) => {
    const s = await api.login(email, password);
    setUser(s.user);
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setUser(null);
    }
  }, []);

  const refresh = useCallback(async () => {
    const s = await api.me();
    setUser(s?.user ?? null);
  }, []);

  const value = useMemo(() => ({ user, login, logout, refresh }), [user, login, logout, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** Roles that manage projects: they see the manager page. */
export function isManager(user: User | null | undefined): boolean {
  return user?.role === 'admin' || user?.role === 'manager';
}

/** Everyone but clients may label: clients only look at progress and deliveries. */
export function canAnnotate(user: User | null | undefined): boolean {
  return user !== null && user !== undefined && user.role !== 'client';
}
