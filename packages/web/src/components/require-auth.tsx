import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { useSession } from '../session-context';
import { Loading } from './loading';

export const CHANGE_PASSWORD_PATH = '/change-password';

/**
 * Sends visitors without a session to the login page, remembering where they wanted to go; a user who must change
 * their password goes to the change-password page, whatever they asked for, until it is done.
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user } = useSession();
  const location = useLocation();
  if (user === undefined) return <Loading />;
  if (user === null) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (user.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  return <>{children}</>;
}
