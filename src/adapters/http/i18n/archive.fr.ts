// Les entrées de l'archive dans le journal d'audit, en français : mêmes clés que archive.en.ts.
import type { archiveEn } from './archive.en.ts';

export const archiveFr: typeof archiveEn = {
  auditActions: {
    outbound_sealed: 'Sceau d’un e-mail ou d’un courrier sortant enregistré (archive)',
    anchor_list_recorded:
      'Liste de la correspondance conservée avant l’ancrage des sceaux enregistrée (archive, lors de la mise à jour)',
  },
};
