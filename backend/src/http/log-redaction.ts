/** Never logged: cookies (the CSRF token), bearer tokens, and the CSRF header, wherever headers appear. */
export const LOG_REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-xsrf-token"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-xsrf-token"]',
  'headers["set-cookie"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-xsrf-token"]',
  '*.headers["set-cookie"]',
  'token',
  '*.token',
];
