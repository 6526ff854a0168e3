// Category labels come from the catalogue administrators edit (src/core/case/categories.ts), not from the
// translation files: every page asks `t('staff.categories.<key>')` (queues, case page, reports), and the request's
// `t` answers those keys from the catalogue in force, so an administrator's new label shows everywhere at once.
import { type Category, categoryLabel } from '../../../core/case/categories.ts';
import type { Language } from '../../../core/case/model.ts';
import type { Translate } from './index.ts';

const PREFIX = 'staff.categories.';

export function withCategoryLabels(t: Translate, catalogue: readonly Category[], lang: Language): Translate {
  return (key, params) =>
    key.startsWith(PREFIX) && catalogue.some((c) => c.key === key.slice(PREFIX.length))
      ? categoryLabel(catalogue, key.slice(PREFIX.length), lang)
      : t(key, params);
}
