// Textes français des pages de travail : la recherche de la barre du haut, les nombres et le tri des files, et
// l'éditeur de modèles. Mêmes clés que work.en.ts.
import type { WorkMessages } from './work.en.ts';

export const workFr: WorkMessages = {
  work: {
    search: {
      label: 'Rechercher dans les dossiers',
      placeholder: 'Référence, nom, courriel, mots',
      submit: 'Rechercher',
    },
    bulk: {
      changed_one: '{{count}} dossier modifié',
      changed_other: '{{count}} dossiers modifiés',
      skipped_one: '{{count}} laissé tel quel',
      skipped_other: '{{count}} laissés tels quels',
    },
    queue: {
      openCases_one: 'dossier ouvert',
      openCases_other: 'dossiers ouverts',
      sortedBy: 'trié par {{column}}',
      asc: 'ordre croissant',
      desc: 'ordre décroissant',
      sort_asc: 'trier par ordre croissant',
      sort_desc: 'trier par ordre décroissant',
    },
    editor: {
      variablesTitle: 'Variables',
      variablesHint:
        'Choisissez une variable pour l’insérer à l’endroit du curseur dans le texte (ou dans l’objet, si vous y écriviez).',
      insert: 'Insérer {{name}}',
      previewTitle: 'Aperçu',
      previewHint:
        'Le brouillon tel que la personne le lira, avec les données d’un vrai dossier (celui que vous indiquez ci-dessous, sinon la dernière réclamation). Il suit votre saisie.',
      previewNoCase:
        'Aucun dossier ne permet encore de montrer le brouillon : l’aperçu apparaîtra dès qu’une réclamation sera arrivée.',
      checksTitle: 'Éléments exigés par la procédure',
      allPresent: 'Tous les éléments exigés par la procédure sont présents.',
      updatePreview: 'Mettre à jour l’aperçu',
    },
  },
};
