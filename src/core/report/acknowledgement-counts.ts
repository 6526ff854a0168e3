// The report's "acknowledged" and "acknowledged in time" (P7.2) counted from complaints read one by one, by step:
// what the report gives when it is narrowed to two dimensions or more (a channel and a language, say), which no
// count kept ahead holds together. Each complaint comes with the instant its acknowledgement was GIVEN (the e-mail
// sent, the letter posted: src/core/correspondence/acknowledgement-given.ts), not recorded; that module's rule says
// whether it was in time. Pure.
import { acknowledgedInTime } from '../correspondence/acknowledgement-given.ts';

/** What a complaint gives these counts. */
export interface AcknowledgementOfComplaint {
  step: number | null;
  /** When the acknowledgement was given (null while it is not). */
  acknowledgedAt: string | null;
  acknowledgeBy: string | null;
}

export interface AcknowledgementCounts {
  acknowledged: number;
  acknowledgedInTime: number;
}

/** Counts by step, keyed as the report keys its steps ('1', '2': a complaint without a step is at step 1). */
export class AcknowledgementTally {
  readonly byStep = new Map<string, AcknowledgementCounts>();

  add(c: AcknowledgementOfComplaint): void {
    if (c.acknowledgedAt === null) return;
    const key = String(c.step ?? 1);
    let counts = this.byStep.get(key);
    if (!counts) {
      counts = { acknowledged: 0, acknowledgedInTime: 0 };
      this.byStep.set(key, counts);
    }
    counts.acknowledged++;
    if (acknowledgedInTime(c.acknowledgedAt, c.acknowledgeBy)) counts.acknowledgedInTime++;
  }
}
