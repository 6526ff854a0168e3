// The one place where log lines are made safe: whatever a library logs (Fastify's requests and replies,
// @fastify/multipart's options with the request headers at trace level, an error that carries a request),
// cookies, bearer tokens, CSRF values and passwords are replaced before the line is written, at every level.
import pino from 'pino';

const CENSOR = '[redacted]';

/** Headers that carry a credential. */
const SECRET_HEADERS = [
  '.cookie',
  '.authorization',
  '["proxy-authorization"]',
  '["x-csrf-token"]',
  '["set-cookie"]',
];
/** Where headers turn up in what Fastify and its plugins log. */
const HEADER_HOLDERS = [
  'headers',
  'req.headers',
  'request.headers',
  'res.headers',
  'reply.headers',
  'busboyOptions.headers',
  'err.headers',
  'err.config.headers',
  '*.headers',
];
/** Fields of a form or JSON body that are secrets (sign-in, password change, invitation, CSRF, API tokens). */
const SECRET_FIELDS = [
  'password',
  'current',
  'next_password',
  'newPassword',
  'confirm',
  '_csrf',
  'csrf',
  'csrfToken',
  'token',
  'secret',
  'sessionToken',
];
const FIELD_HOLDERS = ['', 'body.', 'req.body.', 'request.body.', '*.'];

/** The redaction paths (pino's syntax), also used for child loggers that set their own options. */
export const REDACT_PATHS: readonly string[] = [
  ...HEADER_HOLDERS.flatMap((holder) => SECRET_HEADERS.map((h) => `${holder}${h}`)),
  ...FIELD_HOLDERS.flatMap((holder) => SECRET_FIELDS.map((f) => `${holder}${f}`)),
];

export const REDACT = { paths: [...REDACT_PATHS], censor: CENSOR };

/** The process logger: JSON lines on standard output (or `destination`), secrets redacted at any level. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino({ level, redact: REDACT }, destination);
}
