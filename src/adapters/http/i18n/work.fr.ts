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
      skippedIntro: 'Ces dossiers sont restés tels quels :',
      unseenCase: 'Un dossier que vous ne pouvez pas voir, ou qui n’existe pas',
      reassigned_one: '{{count}} dossier ouvert de {{from}} est désormais confié à {{to}}.',
      reassigned_other: '{{count}} dossiers ouverts de {{from}} sont désormais confiés à {{to}}.',
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
  // La boîte de tri : de qui un message vient de façon vérifiée (handle-inbox-item.ts `verifiedSender`).
  inbox: {
    sender: 'Vient de',
    senderNotVerified: 'Expéditeur non vérifié',
    senderNotVerifiedHint:
      'Redress n’a pas pu vérifier qui a envoyé ce message : son champ From: n’est pas une seule adresse lisible, seul son Reply-To ou son texte nomme quelqu’un, ou c’est un message automatique. Un dossier ouvert à partir de lui n’a pas d’adresse e-mail, sauf si vous en indiquez une ci-dessous, et rien n’est envoyé automatiquement à cette adresse. Classé dans un dossier, il ne compte pas comme la réponse du réclamant.',
    openFor: 'Le dossier est ouvert pour {{address}}, l’adresse dont vient ce message.',
    complainantEmail: 'Adresse e-mail du réclamant',
    complainantEmailHint:
      'Vérifiez d’abord l’original : n’indiquez l’adresse que si vous savez que c’est celle du réclamant. Laissé vide, le dossier est ouvert sans adresse.',
  },
};
