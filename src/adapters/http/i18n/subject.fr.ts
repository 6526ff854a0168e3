// Textes français des demandes des personnes concernées (P6.3) : mêmes clés que subject.en.ts.
import type { subjectEn } from './subject.en.ts';

export const subjectFr: typeof subjectEn = {
  auditActions: {
    erasure_requested: 'Demande d’effacement',
    inbox_item_anonymised: 'Données personnelles d’un message hors dossier anonymisées',
    complainant_anonymised: 'Données personnelles d’un réclamant anonymisées',
  },
  admin: {
    sections: { subjectRequests: 'Demandes par adresse électronique' },
    sectionHints: {
      subjectRequests:
        'Une personne qui demande ses données ou leur effacement sans avoir de fiche de réclamant : ses messages hors dossier, retrouvés par l’adresse d’où elle a écrit.',
    },
  },
  flash: {
    subjectErased:
      'Effacement fait : {{erased}} dossier(s) effacé(s), {{kept}} gardé(s). La réponse à la personne figure ci-dessous.',
  },
  subject: {
    export: {
      button: 'Exporter toutes les données (ZIP)',
      hint: 'Pour une demande de la personne : chaque dossier, chaque message et document tel que reçu et tel qu’envoyé, avec leurs sommes SHA-256. L’export est consigné dans le journal d’audit.',
    },
    erasure: {
      title: 'Demande d’effacement',
      intro:
        'Ce qui peut être effacé aujourd’hui, et pourquoi le reste est conservé. Les dossiers sont effacés comme la règle de conservation le permet : les dossiers ouverts, ceux encore dans leur durée de conservation et ceux sous conservation légale sont gardés.',
      reference: 'Dossier',
      decision: 'Décision',
      until: 'Conservé jusqu’au',
      unknown: 'pas encore connu',
      erase: 'effacé maintenant',
      already: 'déjà anonymisé',
      why: {
        open: 'ouvert : nécessaire pour répondre',
        retention_period: 'clos le {{closed}} : durée de conservation',
        legal_hold: 'conservation légale : {{reason}} ({{by}}, {{at}})',
        linked_case_kept: 'gardé avec {{with}}',
        awaiting_triage: 'encore en attente de tri',
      },
      noRecord:
        'Aucune fiche de réclamant ne porte cette adresse : seulement les messages ci-dessus, hors de tout dossier.',
      recordErased: 'La fiche de la personne (nom, adresses) est effacée aussi.',
      recordKept: 'La fiche de la personne (nom, adresses) est gardée tant qu’un dossier est gardé.',
      reasonLabel: 'Motif (demande de qui, quand, par quel moyen)',
      confirmLabel:
        'J’ai vérifié l’identité de la personne et je confirme l’effacement. Il est irréversible.',
      button: 'Effacer ce qui n’est plus nécessaire',
      answerTitle: 'Réponse à la personne (à copier et envoyer)',
      inboxTitle: 'Messages hors dossier',
      inboxIntro:
        'Messages venus des adresses de la personne et rattachés à aucun dossier (courriels automatiques, messages écartés ou reclassés). Ceux qui ont été traités sont effacés maintenant ; un message encore en attente de tri est gardé jusqu’à ce que quelqu’un le traite.',
      received: 'Reçu le',
      othersCasesOne:
        'Un message de la personne est classé dans le dossier d’une autre personne. Il fait partie des pièces de cette réclamation et y reste : cette demande ne l’efface pas (il part avec ce dossier). La réponse ci-dessous le dit à la personne, sans nommer personne.',
      othersCasesMany:
        '{{count}} messages de la personne sont classés dans les dossiers d’autres personnes. Ils font partie des pièces de ces réclamations et y restent : cette demande ne les efface pas (ils partent avec ces dossiers). La réponse ci-dessous le dit à la personne, sans nommer personne.',
      open: 'Demande d’effacement…',
    },
    byAddress: {
      title: 'Demandes par adresse électronique',
      intro:
        'Pour une personne qui demande ses données sans avoir de fiche de réclamant (ses messages ne sont arrivés que dans la boîte de tri). Une adresse portée par une fiche mène à la page d’effacement de cette personne.',
      label: 'Adresse électronique',
      button: 'Voir ce qui est détenu',
      nothing: 'Rien n’est détenu sous cette adresse : ni fiche de réclamant, ni message.',
      done: 'Effacement fait : {{erased}} message(s) effacé(s), {{kept}} gardé(s). La réponse à la personne figure ci-dessous.',
    },
    answer: {
      title: 'Votre demande d’effacement de vos données personnelles',
      greeting: 'Madame, Monsieur,',
      intro:
        'Nous avons bien reçu votre demande d’effacement des données personnelles que nous détenons à votre sujet, et nous l’avons traitée le {{date}}. Voici ce que nous avons fait.',
      erasedHeading: 'Effacé',
      erased:
        'Dossier {{reference}} : votre nom, vos adresses, vos messages et les documents que vous nous avez envoyés ont été effacés. Seuls des chiffres anonymes subsistent.',
      noneErased:
        'Aucun dossier n’a encore pu être effacé : chaque dossier que nous détenons à votre sujet doit encore être conservé, pour les raisons ci-dessous.',
      keptHeading: 'Conservé pour l’instant, et pourquoi',
      kept: {
        open: 'Le dossier {{reference}} est encore ouvert : vos données nous sont nécessaires pour vous répondre. Une fois clos, il est conservé pendant la durée légale, puis effacé.',
        retention_period:
          'Le dossier {{reference}} a été clos le {{closed}}. La loi nous oblige à conserver les pièces d’une réclamation pendant une durée déterminée : il sera effacé à partir du {{until}}, sans que vous ayez à le redemander.',
        legal_hold:
          'Le dossier {{reference}} doit être conservé en raison d’une obligation légale (par exemple une procédure en cours). Il sera effacé dès que cette obligation prendra fin.',
        linked_case_kept:
          'Le dossier {{reference}} relève de la même affaire que le dossier {{with}}, encore conservé : les deux seront effacés ensemble, à partir du {{until}}.',
        linked_case_kept_open:
          'Le dossier {{reference}} relève de la même affaire que le dossier {{with}}, encore conservé : les deux seront effacés ensemble, dès que ce dossier pourra l’être.',
        awaiting_triage:
          'Votre message du {{date}} n’a pas encore été traité par nos services : nous ne pouvons donc pas encore l’effacer. Une fois qu’il l’aura été, vous pourrez renouveler votre demande ; à défaut, il sera effacé à la fin de la durée légale de conservation qui suit ce traitement.',
        inbox_legal_hold:
          'Votre message du {{date}}, qui ne relève d’aucun dossier, doit être conservé en raison d’une obligation légale. Il sera effacé dès que cette obligation prendra fin.',
      },
      recordErased: 'Votre nom et vos coordonnées sont également effacés.',
      recordKept:
        'Nous ne conservons votre nom et vos coordonnées que tant qu’un dossier ci-dessus est conservé, et uniquement pour ce dossier.',
      noRecord:
        'Nous n’avons aucune fiche à votre nom en tant que réclamant : seulement les messages cités ci-dessus, qui n’ont jamais donné lieu à un dossier.',
      nothing: 'Nous ne détenons aucun dossier à votre sujet.',
      inboxErasedOne: 'Votre message du {{date}}, qui ne relevait d’aucun dossier, a été effacé.',
      inboxErasedMany:
        'Vos {{count}} messages reçus entre le {{first}} et le {{last}}, qui ne relevaient d’aucun dossier, ont été effacés.',
      othersCasesOne:
        'Un message que vous nous avez adressé a été classé dans la réclamation d’une autre personne, car il la concernait. Il fait partie des pièces de cette réclamation et y reste : il est conservé puis effacé avec ce dossier, et non avec vos propres données. Nous ne pouvons pas vous en dire davantage sur cette réclamation, qui concerne quelqu’un d’autre.',
      othersCasesMany:
        '{{count}} messages que vous nous avez adressés ont été classés dans les réclamations d’autres personnes, car ils les concernaient. Ils font partie des pièces de ces réclamations et y restent : ils sont conservés puis effacés avec ces dossiers, et non avec vos propres données. Nous ne pouvons pas vous en dire davantage sur ces réclamations, qui concernent d’autres personnes.',
      closing:
        'Pour toute question sur cette réponse, il vous suffit de répondre à ce message. Vous avez également le droit d’introduire une réclamation auprès d’une autorité de contrôle de la protection des données.',
      signature: 'Nous vous prions d’agréer, Madame, Monsieur, nos salutations distinguées.',
    },
  },
};
