import { useEffect } from 'react';
import { api, ApiError } from '../api';

const INTERVAL_MS = 30_000;

/** Keeps the lease on the shown task alive; reports a lease the server no longer honours. */
export function useHeartbeat(assignmentId: string | null, onLost: (e: ApiError) => void): void {
  useEffect(() => {
    if (!assignmentId) return;
    const timer = setInterval(() => {
      api.heartbeat(assignmentId).catch((e: unknown) => {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401) onLost(e);
      });
    }, INTERVAL_MS);
    return () => clearInterval(timer);
  }, [assignmentId, onLost]);
}
