// The worker thread of the read pool (read-pool.ts): hashes and reads messages, answers with the prepared email.
import { parentPort } from 'node:worker_threads';
import { calendarFromConfig } from '../adapters/calendar/calendar.ts';
import type { Config } from '../config.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import { prepareEmailWith } from './prepare-email.ts';
import type { FromWorker, ToWorker } from './read-pool.ts';

let deps: { config: Config; calendar: BusinessCalendar } | null = null;

parentPort!.on('message', async (message: ToWorker) => {
  if (message.type === 'config') {
    deps = { config: message.config, calendar: calendarFromConfig(message.config, message.holidays) };
    return;
  }
  let answer: FromWorker;
  try {
    if (!deps) throw new Error('no configuration yet');
    const mailbox = deps.config.mailboxes.find((m) => m.name === message.mailboxName);
    if (!mailbox) throw new Error(`no mailbox ${message.mailboxName}`);
    const {
      raw: _raw,
      mailbox: _mailbox,
      ...prepared
    } = await prepareEmailWith(deps, { raw: message.raw, mailbox, door: message.door }, message.now);
    answer = { id: message.id, prepared };
  } catch (e) {
    answer = { id: message.id, error: (e as Error).message };
  }
  parentPort!.postMessage(answer);
});
