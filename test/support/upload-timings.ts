// The upload budget is one per process: a test that shortens its timings must put them back for the tests after it.
import { uploadBudget } from '../../src/adapters/http/uploads.ts';

/** The timings of the upload budget a test may shorten. */
export type UploadTimings = Pick<
  typeof uploadBudget,
  'waitMs' | 'progressGraceMs' | 'progressCheckMs' | 'rateWindowMs'
>;

/** Sets these timings of the upload budget; gives back the function that puts all of them back as they were. */
export function setUploadTimings(timings: Partial<UploadTimings>): () => void {
  const { waitMs, progressGraceMs, progressCheckMs, rateWindowMs } = uploadBudget;
  const saved: UploadTimings = { waitMs, progressGraceMs, progressCheckMs, rateWindowMs };
  Object.assign(uploadBudget, timings);
  return () => {
    Object.assign(uploadBudget, saved);
  };
}
