import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * The Content-Security-Policy of the web app (and of every API response, where it costs nothing). It fits what the
 * React build does: scripts and stylesheets come only from this server (Vite emits no inline script); ECharts writes
 * its tooltips as HTML with `style="..."` attributes, hence `style-src-attr 'unsafe-inline'` while `<style>` elements
 * stay refused; task images and media are loaded from wherever the task data points (web addresses and `data:`
 * images, as task-object-view.tsx allows); the app only talks to its own API; nobody may frame it.
 */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
    'media-src': ["'self'", 'data:', 'blob:', 'https:', 'http:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    // Only behind HTTPS: on a plain-HTTP installation it would send every request to an https:// that is not there.
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/**
 * Security headers on every response, pages, assets, API answers and errors alike (helmet runs in `onRequest`):
 * the CSP above, `X-Frame-Options: DENY`, `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (task
 * images on other hosts never learn which page showed them), and HSTS only when the server is told it is behind
 * HTTPS (`BIAOZHU_SECURE_COOKIES=true`), since a browser that once saw HSTS refuses plain HTTP to that host for a year.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: { https: boolean }): Promise<void> {
  await app.register(helmet, {
    global: true,
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options.https) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: options.https ? { maxAge: 365 * 24 * 60 * 60, includeSubDomains: false } : false,
  });
}
