// A mail transport for tests that do not look at the SMTP exchange: the mail server takes every message at once,
// so the outbox records each as sent (what makes an acknowledgement given: acknowledgement-given.ts).
import type { MailTransport } from '../../src/core/correspondence/outgoing-mail.ts';

export const acceptingTransport: MailTransport = {
  async send() {
    return { response: '250 2.0.0 Ok: queued' };
  },
  close() {},
};
