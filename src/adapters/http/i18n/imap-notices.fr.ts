// Les avis de la porte de courrier sur la page de la boîte de tri (pages/imap-notices.part.ts), en français.
export const imapNoticesFr = {
  imapNotices: {
    title: 'Messages que la porte de courrier n’a pas pu lire',
    intro:
      'Redress ne détient aucun de ces messages : ils n’ont pas été reçus, et ne figurent donc dans aucun dossier, aucune entrée de la boîte de tri ni aucune archive. Chacun se trouve encore sur le serveur de messagerie. Traitez-le là-bas, puis indiquez ici qu’il est traité.',
    noticed: 'Constaté le',
    where: 'Compte et dossier',
    message: 'Message',
    why: 'Motif',
    whatToDo: 'À faire sur le serveur',
    action: 'Action',
    uid: 'UID {{uid}}',
    uidValidity: 'UIDVALIDITY {{uidValidity}}',
    noUidValidity: 'UIDVALIDITY non fournie par le serveur',
    reasons: {
      not_given: 'Le serveur a échoué chaque fois que Redress lui a demandé le message ({{tries}} essais).',
      too_large:
        'Au-delà de la taille maximale : {{size}}, alors que Redress accepte au plus {{limit}}. Il n’a pas été récupéré.',
    },
    lastError: 'Dernier échec : {{error}}',
    place: {
      moved: 'Il a été déplacé dans le dossier {{movedTo}}.',
      flagged: 'Il se trouve dans le dossier {{folder}}, avec le mot-clé {{keyword}}.',
      skipped:
        'Il se trouve dans le dossier {{folder}}, sans marque (le serveur a refusé le mot-clé) ; Redress l’ignore.',
      planned:
        'Il devait être déplacé dans le dossier {{movedTo}} (en cas de refus du serveur : laissé dans {{folder}}, avec le mot-clé {{keyword}}).',
      plannedFlagged: 'Il devait être laissé dans le dossier {{folder}}, avec le mot-clé {{keyword}}.',
    },
    todo: {
      not_given:
        'Une fois son fichier réparé sur le serveur, remettez-le dans {{folder}} sans le mot-clé : Redress le récupère alors comme un nouveau message.',
      too_large:
        'Ouvrez-le sur le serveur avec un logiciel de messagerie et saisissez son contenu à la main (par exemple en ouvrant un dossier pour son expéditeur).',
    },
    markDone: 'Marquer comme traité',
    markDoneNamed: 'Marquer comme traité : UID {{uid}} dans {{folder}}',
    more: '{{count}} autres attendent ; ils s’affichent à mesure que ceux-ci sont traités.',
    dealtWithTitle: 'Traités récemment',
    dealtWith: 'Traité le {{at}} par {{by}}',
  },
  flash: {
    imapNoticeDealtWith: 'L’avis est marqué comme traité.',
    imapNoticeAlready: 'Quelqu’un avait déjà marqué cet avis comme traité.',
  },
  auditActions: { imap_notice_dealt_with: 'Avis de la porte de courrier marqué comme traité' },
};
