import { useEffect } from 'react';
import { api, ApiError } from '../api';

const MAX_INTERVAL_MS = 30_000;

/**
 * Keeps the lease on the shown task alive: every 30 s, or three times per lease on projects with short leases.
 * Reports a lease the server no longer honours.
 */
export function useHeartbeat(assignmentId: number | null, leaseTtlSeconds: number, onLost: (e: ApiError) => void): void {
  const interval = Math.max(2_000, Math.min(MAX_INTERVAL_MS, (leaseTtlSeconds * 1000) / 3));
  useEffect(() => {
    if (!assignmentId) return;
    const timer = setInterval(() => {
      api.heartbeat(assignmentId).catch((e: unknown) => {
        if (e instanceof ApiError && e.status >= 400 && e.status < 500 && e.status !== 401) onLost(e);
      });
    }, interval);
    return () => clearInterval(timer);
  }, [assignmentId, interval, onLost]);
}
