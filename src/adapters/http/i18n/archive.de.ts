// Die Einträge des Archivs im Audit-Protokoll, auf Deutsch: dieselben Schlüssel wie archive.en.ts.
import type { archiveEn } from './archive.en.ts';

export const archiveDe: typeof archiveEn = {
  auditActions: {
    outbound_sealed: 'Siegel einer ausgehenden E-Mail oder eines Briefs festgehalten (Archiv)',
    anchor_list_recorded:
      'Liste der vor der Verankerung der Siegel gespeicherten Korrespondenz festgehalten (Archiv, beim Update)',
  },
};
