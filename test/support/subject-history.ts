// What the tests of a person's export and erasure do again and again: receive a message at a given moment through
// the mail door (as an MTA's pipe hands it over), file one waiting in the inbox onto a case, and read the person's
// export back as text, file by file. Given the harness, so each test file keeps its own database and clock.
import assert from 'node:assert/strict';
import { strFromU8, unzipSync } from 'fflate';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { exportSubject } from '../../src/app/export-complainant.ts';
import { handleInboxItem } from '../../src/app/handle-inbox-item.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import type { Acting } from '../../src/app/record-audit.ts';
import { fixedClock } from '../../src/core/ports.ts';
import type { Harness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';

/** An administrator answering a person's request, as the audit log names them. */
export const ADMIN: Acting = { actor: 'user:admin', label: 'admin@example.org', address: null };

export function subjectHistory(harness: () => Harness) {
  const at = (iso: string): AppContext => {
    const h = harness();
    return createAppContext(h.config, h.test.database, { clock: fixedClock(iso) });
  };
  return {
    at,
    /** A message received at `iso` on the complaints mailbox, dated then. */
    mail: (iso: string, from: string, subject: string, body: string) =>
      receiveEmail(at(iso), {
        raw: rawMessage({ from, subject, date: new Date(iso).toUTCString(), body }),
        mailbox: harness().config.mailboxes.find((m) => m.name === 'complaints')!,
        door: 'pipe',
      }),
    /** Files a message that waits in the inbox onto the case `reference`, as an agent would at `iso`. */
    fileOn: async (
      m: { inboxItemId?: string | null; caseId?: string | null },
      reference: string,
      iso: string,
    ): Promise<void> => {
      assert.ok(m.inboxItemId && !m.caseId, 'it waits in the inbox');
      await handleInboxItem(
        at(iso),
        m.inboxItemId,
        { type: 'file_onto_case', caseReference: reference },
        'user:agent',
      );
    },
    /** Every file of the export of `who` (an address or a record) made at `iso`, as text by path. */
    exported: async (who: string, iso: string, acting: Acting = ADMIN): Promise<Record<string, string>> => {
      const pieces: Uint8Array[] = [];
      await exportSubject(at(iso), who, acting, {
        deliver: (_name, write) => write({ write: async (bytes) => void pieces.push(bytes) }),
      });
      const files = unzipSync(new Uint8Array(Buffer.concat(pieces)));
      return Object.fromEntries(Object.entries(files).map(([p, b]) => [p, strFromU8(b, true)]));
    },
  };
}

/** The paths of the export's files whose text holds `needle` (any case). */
export function filesHolding(files: Record<string, string>, needle: string): string[] {
  return Object.entries(files)
    .filter(([, text]) => text.toLowerCase().includes(needle.toLowerCase()))
    .map(([p]) => p);
}
