// Textes français des catégories (administration), de la catégorie suggérée à l'arrivée et de la cause et du
// remède enregistrés avec la réponse définitive. Mêmes clés que categories.en.ts.
import type { CategoriesMessages } from './categories.en.ts';

export const categoriesFr: CategoriesMessages = {
  categoryAdmin: {
    intro:
      'Les catégories classent les réclamations selon leur objet, pour les files et les chiffres (P7.1). Chacune a un libellé dans chaque langue et des mots-clés qui la suggèrent à l’arrivée d’une réclamation. Une catégorie n’est jamais supprimée : retirée, elle n’est plus proposée, mais les dossiers qui l’ont la gardent, dans les chiffres aussi.',
    key: 'Clé',
    keyHint:
      'Lettres minuscules, chiffres, « - » et « _ ». Elle figure dans les exports et ne change plus une fois enregistrée.',
    label: 'Libellé en {{lang}}',
    keywords: 'Mots-clés en {{lang}}',
    keywordsHint:
      'Séparés par des virgules. Un mot-clé reconnaît tout mot qui commence par lui, sans tenir compte des majuscules ni des accents.',
    state: 'Statut',
    offered: 'Proposée',
    retired: 'Retirée (gardée sur ses dossiers, plus proposée)',
    newTitle: 'Nouvelle catégorie',
    newHint: 'À remplir pour ajouter une catégorie ; sinon, laissez vide.',
    languages: { fr: 'français', en: 'anglais', de: 'allemand' },
    errors: {
      badKey:
        'Utilisez des lettres minuscules, des chiffres, « - » et « _ » (60 au plus), en commençant par une lettre ou un chiffre.',
      duplicateKey: 'Une autre catégorie a déjà cette clé.',
      keyRemoved: 'La catégorie {{key}} manque : une catégorie n’est jamais supprimée, retirez-la plutôt.',
      labelMissing: 'Écrivez un libellé dans chaque langue.',
      labelTooLong: 'Écrivez {{max}} caractères au plus.',
      tooManyKeywords: 'Donnez {{max}} mots-clés au plus par langue.',
      badKeyword: 'Chaque mot-clé compte au moins 2 lettres ou chiffres et {{max}} caractères au plus.',
      noneOffered: 'Proposez au moins une catégorie.',
      tooMany: 'Il peut y avoir {{max}} catégories au plus.',
    },
    trialTitle: 'Essayer la suggestion',
    trialLabel: 'Texte d’une réclamation',
    trialHint: 'Montre la catégorie que les mots-clés enregistrés suggéreraient pour ce texte.',
    trialButton: 'Suggérer',
    trialSuggests: 'Suggestion : {{category}} (à cause de : {{words}})',
    trialNone: 'Aucune catégorie ne serait suggérée pour ce texte.',
  },
  categorySuggestion: {
    title: 'Catégorie suggérée',
    suggested: 'Suggestion : {{category}}',
    because: 'à cause de : {{words}}',
    confirm: 'Confirmer {{category}}',
    chooseAnother: 'En choisir une autre',
    retired: 'Cette catégorie a été retirée depuis ; choisissez-en une autre.',
  },
  rootCause: {
    legend: 'Cause et remède',
    cause: 'Cause',
    causeHint:
      'L’origine de la réclamation, telle que l’examen l’a établie. Gardée pour les chiffres, pas envoyée.',
    causes: {
      our_error: 'Une erreur de notre part',
      third_party: 'Un tiers ou le registre',
      customer_misunderstanding: 'Un malentendu du client',
      policy_as_designed: 'Notre règle, appliquée comme prévu',
      no_fault_found: 'Aucun défaut constaté',
    },
    note: 'Précisions sur la cause',
    noteHint: 'Facultatif, pour les collègues : ce qui s’est passé exactement.',
    amount: 'Montant proposé',
    amountHint: 'Facultatif : un avoir, un remboursement ou un geste commercial, p. ex. 25.00.',
    currency: 'Devise',
    badAmount: 'Écrivez un montant comme 25 ou 25.50 (2 décimales au plus).',
    badCurrency: 'Écrivez un code de devise de trois lettres, comme EUR.',
    recorded: 'Cause',
    remedy: 'Remède',
  },
};
