// Textes français des pages d’administration (mêmes clés que admin.en.ts).
import type { AdminMessages } from './admin.en.ts';

export const adminFr: AdminMessages = {
  nav: { admin: 'Administration' },
  flash: {
    settingsSaved: 'Les modifications sont enregistrées et en vigueur sur toutes les instances.',
    settingsUnchanged: 'Rien n’a changé : ces valeurs étaient déjà en vigueur.',
    deadlinesMoved_one:
      'L’échéance de {{count}} dossier a été déplacée ; le changement est consigné dans le dossier.',
    deadlinesMoved_other:
      'Les échéances de {{count}} dossiers ont été déplacées ; chaque changement est consigné dans son dossier.',
  },
  admin: {
    title: 'Administration',
    intro:
      'Le fonctionnement de Redress pour votre organisation : qui vous êtes, où arrivent les réclamations, quels jours comptent, comment les réclamations sont classées et où vont les suggestions.',
    lastChange: 'Dernière modification :',
    outboxLate_one:
      'Le courrier électronique ne part plus : {{count}} message attend depuis {{minutes}} minutes dans la file d’envoi (l’alerte vient après {{alertAfter}} minutes). Le serveur de messagerie sortant est arrêté ou le refuse. Redress continue d’essayer et ne perd rien ; prévenez la personne qui gère le serveur de messagerie.',
    outboxLate_other:
      'Le courrier électronique ne part plus : {{count}} messages attendent dans la file d’envoi, le plus ancien depuis {{minutes}} minutes (l’alerte vient après {{alertAfter}} minutes). Le serveur de messagerie sortant est arrêté ou les refuse. Redress continue d’essayer et ne perd rien ; prévenez la personne qui gère le serveur de messagerie.',
    outboxHeld_one:
      'Le courrier électronique est retenu : le serveur de messagerie sortant refuse l’envoi de Redress lui-même (identifiant ou mot de passe, adresse d’expéditeur ou relais dans les réglages d’envoi), et non le destinataire. {{count}} message attend et partira dès que le serveur l’acceptera de nouveau ; rien n’est perdu. Demandez à la personne qui gère le serveur de messagerie de vérifier les réglages d’envoi.',
    outboxHeld_other:
      'Le courrier électronique est retenu : le serveur de messagerie sortant refuse l’envoi de Redress lui-même (identifiant ou mot de passe, adresse d’expéditeur ou relais dans les réglages d’envoi), et non les destinataires. {{count}} messages attendent et partiront, les plus anciens d’abord, dès que le serveur les acceptera de nouveau ; rien n’est perdu. Demandez à la personne qui gère le serveur de messagerie de vérifier les réglages d’envoi.',
    outboxLastFailure: 'Dernière réponse du serveur de messagerie :',
    backToOverview: 'Retour à l’administration',
    readOnly: 'Vous pouvez consulter ces réglages ; seul un administrateur peut les modifier.',
    formLegend: 'Réglages',
    notSaved: 'Rien n’a été enregistré. Veuillez corriger ce qui est signalé.',
    row: 'ligne {{n}}',
    countCategories_one: '{{count}} catégorie',
    countCategories_other: '{{count}} catégories',
    countDepartments_one: '{{count}} service',
    countDepartments_other: '{{count}} services',
    sections: {
      organisation: 'Organisation',
      mailboxes: 'Boîtes aux lettres',
      calendar: 'Calendrier ouvré',
      categories: 'Catégories',
      departments: 'Services et orientation',
      templates: 'Textes envoyés',
      users: 'Utilisateurs',
      tokens: 'Jetons d’API',
      audit: 'Journal d’audit',
    },
    sectionHints: {
      organisation: 'Nom, adresses postales du service réclamations et de la direction, langue par défaut.',
      mailboxes: 'Les adresses qui reçoivent les réclamations, les suggestions et le courrier d’étape 2.',
      calendar: 'Semaine de travail, jours fériés de votre région, jours de fermeture, fuseau horaire.',
      categories: 'Les types de réclamation, pour le classement et les statistiques (P7.1).',
      departments: 'Où sont transmises les suggestions, et les mots-clés qui les orientent (P9).',
      templates: 'Les accusés de réception, réponses et avis envoyés, en trois langues.',
      users: 'Les comptes du personnel et leurs rôles.',
      tokens: 'Les jetons des autres systèmes qui utilisent l’API.',
      audit: 'Qui a modifié quoi, et quand.',
    },
    errors: {
      duplicate: 'Cette valeur apparaît deux fois ; chacune doit être différente.',
      mailboxName: 'Utilisez des minuscules, des chiffres, « - » et « _ » (40 au plus), p. ex. complaints.',
      needComplaintsMailbox: 'Gardez au moins une boîte aux lettres avec le rôle « réclamations ».',
      timezone: 'Choisissez un fuseau horaire dans la liste.',
      workingWeek: 'Cochez au moins un jour ouvré.',
      closureDays:
        'Écrivez chaque jour de fermeture sous la forme AAAA-MM-JJ, un par ligne ; non compris : {{days}}.',
      category:
        'Utilisez uniquement des minuscules, des chiffres, « - » et « _ », une catégorie par ligne ; refusé : {{values}}.',
      departmentInUse_one:
        '{{department}} compte encore un membre ({{members}}) : attribuez-lui d’abord un autre service dans son compte, puis supprimez celui-ci. Rien n’a été enregistré.',
      departmentInUse_other:
        '{{department}} compte encore des membres ({{members}}) : attribuez-leur d’abord un autre service dans leurs comptes, puis supprimez celui-ci. Rien n’a été enregistré.',
      departmentHasSuggestions_one:
        '{{department}} a encore une suggestion ouverte : transmettez-la à un autre service depuis la page de son dossier (la file Suggestions, filtrée sur {{department}}, l’affiche), puis supprimez le service. Rien n’a été enregistré.',
      departmentHasSuggestions_other:
        '{{department}} a encore {{count}} suggestions ouvertes : transmettez-les à un autre service depuis la page de leur dossier (la file Suggestions, filtrée sur {{department}}, les affiche), puis supprimez le service. Rien n’a été enregistré.',
      keyword: 'Chaque mot-clé doit compter au moins 2 caractères.',
    },
    organisation: {
      intro:
        'Ces informations figurent dans les textes envoyés aux réclamants : accusé de réception, réponse, instructions pour l’étape 2.',
      name: 'Nom de l’organisation',
      complaintsPostalAddress: 'Adresse postale du service réclamations',
      managementPostalAddress: 'Adresse postale de la direction (étape 2)',
      addressHint: 'Une ligne par ligne d’adresse, telle qu’elle doit figurer sur une enveloppe.',
      managementHint:
        'Les réclamations d’étape 2 sont envoyées ici par courrier (P1.2) ; la réponse d’étape 1 indique cette adresse.',
      defaultLanguage: 'Langue par défaut',
      defaultLanguageHint: 'Utilisée lorsque la langue d’un réclamant ne peut pas être déterminée.',
      disputeTitle: 'Règlement des litiges après l’étape 2',
      disputeHint:
        'La mention que la réponse d’étape 2 donne sur le règlement extrajudiciaire des litiges (en Allemagne §§ 36–37 VSBG). Adaptez-la à votre organisation.',
      dispute: 'Mention en {{language}}',
    },
    mailboxes: {
      title: 'Boîtes aux lettres',
      intro:
        'Chaque adresse reçoit un type de courrier : réclamations (étape 1), suggestions (P9) ou direction (étape 2). Sa langue sert par défaut pour les expéditeurs dont la langue ne peut être déterminée.',
      liveNote:
        'Le serveur SMTP intégré accepte immédiatement une adresse nouvelle ou modifiée. Les boîtes IMAP sont définies dans le fichier de configuration et gardent le rôle et la langue qu’elles avaient au démarrage jusqu’au redémarrage de Redress ; il en va de même de l’adresse d’écoute du serveur SMTP. Le nom d’une boîte sert aussi à « redress ingest --mailbox » : renommez avec prudence.',
      name: 'Nom',
      address: 'Adresse électronique',
      role: 'Rôle',
      language: 'Langue',
      rowsHint:
        'Pour ajouter une boîte, remplissez une ligne vide. Pour en retirer une, effacez son nom et son adresse.',
      roles: {
        complaints: 'Réclamations (étape 1)',
        suggestions: 'Suggestions',
        management: 'Direction (étape 2)',
      },
    },
    calendar: {
      intro:
        'Les délais se comptent en jours ouvrés (P4.2) : la semaine de travail, moins les jours fériés de votre région et vos jours de fermeture, dans votre fuseau horaire.',
      inForce: 'En vigueur : {{calendar}}.',
      summary: '{{region}} ; {{days}} ; {{timezone}} ; {{closures}} jours de fermeture',
      country: 'Pays',
      state: 'État ou région',
      stateHint:
        'Les jours fériés diffèrent d’une région à l’autre, p. ex. entre le Bade-Wurtemberg et Berlin.',
      wholeCountry: 'Tout le pays (jours fériés nationaux seulement)',
      region: 'Zone locale',
      regionHint:
        'Seulement là où la région a des jours fériés locaux, p. ex. la ville d’Augsbourg en Bavière.',
      wholeState: 'Toute la région',
      timezone: 'Fuseau horaire',
      timezoneHint: 'Les jours sont comptés dans ce fuseau, heure d’été comprise.',
      workingWeek: 'Jours ouvrés',
      days: {
        mon: 'Lundi',
        tue: 'Mardi',
        wed: 'Mercredi',
        thu: 'Jeudi',
        fri: 'Vendredi',
        sat: 'Samedi',
        sun: 'Dimanche',
      },
      daysShort: {
        mon: 'lun.',
        tue: 'mar.',
        wed: 'mer.',
        thu: 'jeu.',
        fri: 'ven.',
        sat: 'sam.',
        sun: 'dim.',
      },
      closureDays: 'Jours de fermeture',
      closureHint:
        'Jours de fermeture de l’organisation en plus des jours fériés, un par ligne, sous la forme AAAA-MM-JJ.',
      previewButton: 'Voir les échéances',
      save: 'Enregistrer le calendrier',
      changedMeanwhile:
        'Rien n’a été enregistré : {{by}} a modifié le calendrier entre-temps ({{at}}, version {{version}}). Le calendrier en vigueur est affiché ci-dessous : refaites votre modification sur celui-ci, puis enregistrez.',
      saveHint:
        'L’enregistrement change les échéances des réclamations reçues à partir de maintenant. Les dossiers ouverts gardent les leurs jusqu’à ce que vous les déplaciez sur la page suivante, où chaque changement est consigné.',
      previewTitle: 'Échéances avec le calendrier proposé : {{region}}',
      previewIntro:
        'Pour des réclamations reçues à ces moments : l’échéance de l’accusé de réception et celle de la réponse ({{days}} jours ouvrés après le jour de réception). Sous une date modifiée figure celle en vigueur.',
      received: 'Reçue',
      receivedNow: 'Maintenant',
      receivedTomorrow: 'Demain à 10 h',
      receivedFriday: 'Vendredi prochain à 10 h',
      acknowledgeBy: 'Accuser réception avant le',
      answerBy: 'Répondre avant le',
      changed: 'modifié',
      now: 'en vigueur',
      closedTitle: 'Jours non travaillés du {{from}} au {{to}} (hors week-ends)',
      noClosedDays: 'Aucun jour férié ni jour de fermeture pendant cette période.',
      holiday: 'Jour férié',
      closureDay: 'Jour de fermeture',
      added: 'nouveau',
      removed: 'n’est plus chômé',
      historyTitle: 'Historique du calendrier',
      historyIntro:
        'Chaque modification du calendrier est conservée. Le rapport de suivi mesure chaque réclamation sur le calendrier en vigueur à sa réception.',
      historyVersion: 'Version',
      historyFrom: 'En vigueur depuis',
      historyCalendar: 'Calendrier',
      historyBy: 'Modifié par',
      historySinceStart: 'l’origine',
      historyByConfiguration: 'la configuration (fichier ou environnement)',
      credit: 'Jours fériés : date-holidays (données sous licence CC BY-SA 3.0).',
    },
    recompute: {
      title: 'Échéances des dossiers ouverts',
      backToCalendar: 'Retour au calendrier',
      intro:
        'Les réclamations ouvertes gardent les échéances fixées à leur arrivée jusqu’à ce qu’elles soient déplacées ici (P4.2). Avec le calendrier en vigueur ({{calendar}}), celles-ci changeraient. Une réclamation dont la date de réponse a été annoncée au réclamant (accusé de réception, réponse ou prolongation) la garde : une date plus tardive passe par une prolongation, qui l’en informe.',
      none: 'Aucun dossier ouvert n’a d’échéance que le calendrier en vigueur modifierait.',
      count_one: '{{count}} dossier ouvert recevrait une nouvelle échéance.',
      count_other: '{{count}} dossiers ouverts recevraient de nouvelles échéances.',
      reference: 'Dossier',
      answerByNow: 'Répondre avant le (actuel)',
      answerByNew: 'Répondre avant le (nouveau)',
      acknowledgeByNew: 'Accuser réception avant le (nouveau)',
      unchanged: 'inchangé',
      more: 'Les {{shown}} premiers sur {{total}} sont affichés ; tous sont déplacés.',
      reason: 'Motif',
      reasonHint: 'Consigné dans chaque dossier avec l’ancienne et la nouvelle échéance.',
      defaultReason: 'Calendrier ouvré modifié : {{calendar}}',
      apply_one: 'Déplacer l’échéance de {{count}} dossier',
      apply_other: 'Déplacer les échéances de {{count}} dossiers',
    },
    categories: {
      intro:
        'Les catégories classent les réclamations par type, pour les files et les statistiques (P7.1). Retirer une catégorie ne modifie pas les dossiers qui la portent.',
      label: 'Catégories',
      hint: 'Une par ligne : minuscules, chiffres, « - » et « _ », p. ex. billing ou data_protection.',
    },
    departments: {
      title: 'Services',
      intro:
        'Les suggestions et remarques (P9) sont transmises au service concerné. Une suggestion dont l’objet ou le texte contient les mots-clés d’un service lui est transmise automatiquement (le service qui compte le plus de correspondances) ; le personnel peut transmettre toute suggestion à la main.',
      name: 'Nom',
      email: 'Adresse électronique',
      keywords: 'Mots-clés',
      rowsHint:
        'Séparez les mots-clés par des virgules ; la casse et les accents ne comptent pas. Pour ajouter un service, remplissez une ligne vide ; pour en retirer un, effacez la ligne. Les membres d’un service y sont rattachés par le nom : renommez avec prudence.',
      trialTitle: 'Essayer l’orientation',
      trialLabel: 'Texte d’une suggestion',
      trialHint: 'Avec les services en vigueur (enregistrez d’abord pour essayer des changements).',
      trialButton: 'Afficher le service',
      trialRoutes: 'Cette suggestion serait transmise à : {{department}}.',
      trialNone: 'Aucun mot-clé ne correspond : cette suggestion attendrait qu’une personne la transmette.',
    },
  },
};
