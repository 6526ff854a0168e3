// A page's address holding a control character (a NUL typed as %00 into a case's address or a queue's filter): no
// link of Redress holds one, and PostgreSQL keeps no NUL in a text, so looking such a value up failed as a server
// error on that engine, wherever a page passes a parameter to a query. Refused for every page before any route
// reads it, with the same class of characters the API refuses in its values (api.routes.ts); the API answers in
// its own shape, naming the field, so it is left to its own hook.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CONTROL_CHARACTER } from './api.routes.ts';
import { isApiRequest } from './api-address.ts';
import { HttpError } from './errors.ts';

/** Whether a value read from the address (a parameter, a query value or a list of them) holds a control character. */
function holdsControl(value: unknown): boolean {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value);
  if (Array.isArray(value)) return value.some(holdsControl);
  return false;
}

function addressHoldsControl(request: FastifyRequest): boolean {
  for (const part of [request.params, request.query])
    if (part && typeof part === 'object')
      for (const [key, value] of Object.entries(part))
        if (CONTROL_CHARACTER.test(key) || holdsControl(value)) return true;
  return false;
}

/** Refuses a page whose address holds a control character (400, the reader's language), before validation. */
export function installAddressControlCheck(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (isApiRequest(request) || !addressHoldsControl(request)) return;
    throw new HttpError('bad_request', 'a control character in the address', { context: 'address_control' });
  });
}
