// La page personnelle du réclamant (atteinte par le lien privé de l'accusé de réception), en français.
export const complainantLinkFr = {
  complainantLink: {
    title: 'Votre réclamation {{reference}}',
    titleStep2: 'Votre demande auprès de notre direction {{reference}}',
    intro:
      'Cette page indique où en est votre réclamation et les dates que nous vous avons indiquées. Vous seul disposez de ce lien.',
    statusLabel: 'Où en est votre dossier',
    status: {
      received: 'Reçue : notre équipe l’a enregistrée.',
      acknowledged: 'En cours d’examen par notre équipe.',
      waiting_on_you: 'Nous attendons des informations de votre part (voir ci-dessous).',
      extended:
        'En cours d’examen ; il nous faut un peu plus de temps et nous vous avons indiqué quand attendre notre réponse.',
      answered: 'Traitée : notre réponse définitive vous a été envoyée.',
      closed: 'Clôturée.',
    },
    datesHeading: 'Dates',
    received: 'Reçue le',
    acknowledged: 'Accusé de réception le',
    notYetAcknowledged: 'Accusé de réception pas encore envoyé',
    answerBy: 'Notre réponse définitive au plus tard le',
    firstAnswerBy: 'Date indiquée initialement',
    extension: 'Prolongé le {{date}} : réponse attendue entre le {{start}} et le {{end}}',
    answered: 'Réponse envoyée le',
    closed: 'Clôturée le',
    missingHeading: 'Ce qu’il nous manque',
    missingIntro: 'Pour examiner pleinement votre réclamation, il nous manque encore :',
    missingAnswered:
      'Merci : nous avons bien reçu ce que vous nous avez envoyé le {{date}}. S’il nous manquait encore quelque chose après lecture, nous vous écririons.',
    nothingMissing: 'Rien ne manque : nous disposons de tout ce qu’il faut pour examiner votre réclamation.',
    additionsHeading: 'Ce que vous nous avez transmis ici',
    addedOn: 'Envoyé le {{date}}',
    addHeading: 'Nous transmettre des informations ou des documents',
    addIntro:
      'Écrivez ce que vous souhaitez ajouter et joignez des documents si vous le souhaitez (PDF, PNG ou JPEG, {{size}} au plus chacun, {{count}} fichiers au plus). Notre équipe le verra dans votre dossier.',
    text: 'Votre message',
    files: 'Documents',
    send: 'Envoyer',
    sent: 'Merci : nous avons bien reçu votre envoi et l’avons ajouté à votre dossier.',
    closedNoAdd:
      'Ce dossier ne reçoit plus de compléments par cette page. Pour nous écrire à son sujet, merci de répondre à notre dernier message en rappelant la référence {{reference}}.',
    notAdded:
      'Ce que vous venez d’envoyer n’a pas été ajouté à votre dossier. Votre message figure ci-dessous : merci de le copier dans votre réponse pour ne rien perdre, et d’y joindre à nouveau vos documents.',
    textNotSent: 'Votre message (non envoyé)',
    expires: 'Cette page reste accessible jusqu’au {{date}}.',
    subject: '[{{reference}}] Informations ajoutées par le réclamant',
    errors: {
      empty: 'Écrivez un message ou joignez un document, puis envoyez à nouveau.',
      tooLarge:
        'Un document dépasse {{size}} : merci d’envoyer un fichier plus léger (par exemple un scan en résolution plus basse).',
      tooMany:
        'Vous pouvez envoyer au plus {{count}} documents à la fois : envoyez les autres dans un second message.',
      tooMuch:
        'Ensemble, vos documents dépassent {{size}} : envoyez-en une partie dans un second message, ou des fichiers plus légers.',
      overBudget:
        'Votre envoi était trop volumineux pour être reçu : vos documents n’ont pas été conservés, mais votre message est toujours là. Merci de les choisir à nouveau, au plus {{count}} documents de {{size}} chacun et {{total}} en tout, puis d’envoyer à nouveau.',
      chooseAgain:
        'Vos documents ({{names}}) n’ont pas pu être conservés avec votre message : merci de les choisir à nouveau avant de l’envoyer.',
      emptyFile:
        'Le document « {{name}} » est arrivé vide (0 octet) : merci de le choisir à nouveau, ou une autre copie, et d’envoyer à nouveau.',
      fileType:
        'Le document « {{name}} » n’est pas un fichier PDF, PNG ou JPEG : merci de l’envoyer dans l’un de ces formats.',
      tooLong: 'Votre message dépasse {{max}} caractères : merci de le raccourcir ou de le joindre en PDF.',
      expired: 'Ce formulaire est resté ouvert trop longtemps. Merci de l’envoyer à nouveau.',
      notShown:
        'Nous n’avons pas pu reconnaître ce formulaire (envoyé peut-être depuis un autre navigateur, ou sans cookies). Merci de l’envoyer à nouveau depuis cette page.',
      busy: 'Beaucoup de documents nous parviennent en ce moment : les vôtres n’ont pas pu être reçus. Votre message est conservé : veuillez choisir à nouveau vos documents et l’envoyer dans une minute.',
      tooFast: 'Prenez un instant pour relire votre message, puis envoyez-le à nouveau.',
      rateLimited:
        'Trop de messages ont été envoyés depuis cette adresse. Merci de réessayer dans {{minutes}} minutes.',
    },
    staff: {
      title: 'Liens vers la page du réclamant – {{reference}}',
      caseLink: 'Lien vers la page du réclamant',
      intro:
        'L’accusé de réception donne au réclamant un lien privé vers une page indiquant la référence, les dates promises, ce qui manque et l’état du dossier, où il peut envoyer des informations et des documents. Un lien reste valable jusqu’à sa révocation, et au plus {{days}} jours après la clôture du dossier.',
      issued: 'Émis le',
      by: 'Émis par',
      state: 'État',
      active: 'Valable',
      revokedOn: 'Révoqué le {{date}}',
      expired: 'Expiré',
      none: 'Aucun lien n’a été émis pour ce dossier (il est envoyé avec l’accusé de réception).',
      revoke: 'Révoquer les liens',
      revokeHelp:
        'Le réclamant verra alors « ce lien n’est pas valide ». Un nouvel accusé de réception émettrait un nouveau lien.',
      revoked: '{{count}} lien(s) révoqué(s).',
      nothingToRevoke: 'Aucun lien valable à révoquer.',
      back: 'Retour au dossier',
    },
    invalidTitle: 'Ce lien n’est pas valide',
    invalidText:
      'Ce lien ne donne accès à aucun dossier, ou n’y donne plus accès. Pour toute question sur votre réclamation, merci de répondre au courriel que nous vous avons envoyé, en rappelant votre référence.',
  },
  flash: {
    complainantLinksRevoked: '{{count}} lien(s) vers la page du réclamant révoqué(s).',
    complainantLinksNone: 'Aucun lien valable à révoquer.',
  },
};
