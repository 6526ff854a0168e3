// Réponses libres et points d'étape, leurs modèles de paragraphes, et la mise en page du dossier (filtres de
// l'historique, les mots du réclamant, la barre d'actions), en français.
export const repliesFr = {
  flash: {
    staffReplied: 'Votre réponse part par e-mail. Le délai n’est pas modifié.',
    staffRepliedLetter:
      'Votre réponse est prête sous forme de courrier : imprimez-la et indiquez qu’elle est postée. Le délai n’est pas modifié.',
    staffRepliedUpdate: 'Votre point d’étape part par e-mail. Le délai n’est pas modifié.',
    staffRepliedUpdateLetter:
      'Votre point d’étape est prêt sous forme de courrier : imprimez-le et indiquez qu’il est posté. Le délai n’est pas modifié.',
    snippetSaved: 'Le paragraphe « {{title}} » est enregistré.',
    snippetRetired: 'Le paragraphe « {{title}} » est retiré : il n’est plus proposé.',
  },
  staff: {
    actions: {
      reply: 'Répondre ou faire le point',
      replySubmit: 'Envoyer',
    },
    events: { replied: 'Réponse envoyée' },
  },
  templates: { kinds: { reply: 'Réponse', update: 'Point d’étape' } },
  auditActions: {
    snippet_saved: 'Paragraphe de réponse enregistré',
    snippet_retired: 'Paragraphe de réponse retiré',
  },
  admin: {
    sections: { snippets: 'Paragraphes de réponse' },
    sectionHints: {
      snippets: 'Des textes courts, par langue, que l’équipe insère dans une réponse libre.',
    },
  },
  replies: {
    form: {
      hint: 'Rédigée en {{language}}, la langue du dossier, entre notre formule d’appel et notre signature, dans le fil du dernier message du réclamant. Ce n’est pas la réponse définitive : le délai ne change pas.',
      kindLegend: 'Ce que vous écrivez',
      kinds: {
        reply: 'Une réponse à ce que demande le réclamant',
        update: 'Un point d’étape sur le dossier (la date promise est rappelée)',
      },
      text: 'Votre texte',
      textHint:
        'Seulement vos propres mots : la formule d’appel, la signature et la référence sont ajoutées pour vous.',
      snippet: 'Paragraphe',
      snippetHint:
        'Inséré à l’endroit du curseur dans votre texte (à la fin si la page fonctionne sans scripts) ; vous pouvez ensuite le modifier.',
      snippetNone: 'Choisir un paragraphe…',
      insert: 'Insérer le paragraphe',
      noSnippets:
        'Aucun paragraphe en {{language}} pour l’instant : les administrateurs les ajoutent dans Administration.',
      noSuchSnippet: 'Choisissez l’un des paragraphes proposés.',
      attachments: 'Fichiers à joindre à votre réponse',
      attachmentsHint:
        'Fichiers PDF, PNG ou JPEG, jusqu’à {{count}} fichiers de {{size}} chacun et {{total}} en tout (ils partent au réclamant dans un seul e-mail ; pas pour un courrier postal).',
      preview: 'Aperçu',
      previewTitle: 'Tel que le réclamant le lira ({{language}})',
      previewEmpty: 'Rédigez votre texte, puis choisissez Aperçu.',
      designatedOnly:
        'Un interlocuteur désigné, {{name}}, assure toute la correspondance avec ce réclamant : lui seul peut lui écrire.',
    },
    snippets: {
      title: 'Paragraphes de réponse',
      intro:
        'Les paragraphes sont des textes courts que l’équipe insère dans une réponse libre puis adapte. Chacun est rédigé dans une langue et proposé sur les dossiers de cette langue.',
      add: 'Ajouter un paragraphe',
      addTitle: 'Nouveau paragraphe de réponse',
      editTitle: 'Paragraphe de réponse',
      empty: 'Aucun paragraphe pour l’instant.',
      titleField: 'Titre',
      titleHint: 'Ce qui permet de le choisir, par exemple « Remboursement en cours ».',
      body: 'Texte',
      bodyHint:
        'Des phrases courtoises et complètes, sans formule d’appel ni signature (elles sont ajoutées à chaque réponse).',
      language: 'Langue',
      updated: 'Dernière modification',
      lastChanged: 'Dernière modification',
      state: 'État',
      inUse: 'En service',
      retired: 'Retiré',
      retire: 'Retirer',
      save: 'Enregistrer le paragraphe',
      back: 'Retour aux paragraphes',
    },
    page: {
      complaint: 'La réclamation',
      suggestion: 'La suggestion',
      description: 'Ce qui s’est passé, dans les mots du réclamant',
      expectations: 'Ce qu’attend le réclamant',
      noDescription:
        'Aucune description n’a pu être lue dans le message : voir la correspondance ci-dessous.',
      noExpectations: 'Pas encore précisé.',
      facts: 'En bref',
      toolbar: 'Actions possibles maintenant',
      view: 'Afficher',
    },
    history: {
      label: 'Afficher dans l’historique',
      all: 'Tout',
      correspondence: 'Correspondance',
      events: 'Événements',
      notes: 'Notes',
      empty: 'Rien à afficher avec ce filtre.',
      newestFirst: 'Le plus récent en premier.',
    },
  },
};
