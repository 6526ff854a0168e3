// What Redress wrote about a send, the note a bounce leaves on a case and the reason Redress gives when it closes
// a case itself, in French (the sentences of src/core/correspondence/status-words.ts). The words of others (the
// mail server's answer, a bounce report, a subject) stand in quotation marks, as written. A sentence added there
// without its translation here does not type-check.
import type { StaffStatusTexts } from './staff-status.en.ts';

export const staffStatusFr: StaffStatusTexts = {
  staffStatus: {
    delivery: {
      refused: 'Le serveur de messagerie a refusé ce message, avec la réponse : « {{reply}} ».',
      gaveUp:
        'L’envoi a été abandonné après {{attempts}} tentatives ; la dernière erreur était : « {{reply}} ».',
      willRetry:
        'La tentative {{attempt}} a échoué ; le message sera renvoyé plus tard. L’erreur était : « {{reply}} ».',
      notOneAddress:
        'Non envoyé : le destinataire « {{recipient}} » n’est pas exactement une adresse électronique, et un courriel ne part qu’à une seule adresse. Corrigez l’adresse et écrivez à nouveau.',
      heldMissingFile:
        'En attente : le fichier joint « {{filename}} » manque dans le stockage des originaux ; un administrateur doit le restaurer pour que le courriel puisse partir.',
      held: 'En attente jusqu’à ce que les réglages d’envoi du courrier soient corrigés : le serveur de messagerie a refusé notre propre envoi, non le destinataire. Sa réponse était : « {{reply}} ».',
      bouncedNoDetail:
        'Le message est revenu : le serveur de messagerie du destinataire a signalé qu’il n’a pas pu être remis.',
      bounced: 'Le message est revenu : le serveur de messagerie du destinataire a signalé « {{report}} ».',
      posted: 'Mis à la poste par {{actor}}.',
    },
    bounceNote: {
      notOnFile:
        'Le courriel « {{subject}} » adressé à {{to}} n’a pas pu être remis. {{why}} Ce n’est plus l’adresse enregistrée dans la fiche du réclamant : il n’est donc pas marqué injoignable.',
      unreachable:
        'Le courriel « {{subject}} » adressé à {{to}} n’a pas pu être remis. {{why}} Le réclamant est désormais marqué injoignable par courriel ; envoyez-le plutôt par lettre.',
    },
    otherReason: 'La raison indiquée était : « {{reason}} ».',
    postedByColleague: 'Mis à la poste par un collègue.',
    closeReason: {
      quietPeriod:
        'Clos automatiquement : après la réponse, le réclamant n’a plus écrit pendant le délai prévu.',
      suggestionHandled: 'Clos : le service concerné a traité la suggestion.',
    },
    reopenReason: {
      wroteAgain: 'Rouvert : la personne a écrit de nouveau au sujet de la suggestion après sa clôture.',
      wroteAfterClosing:
        'Rouvert : le réclamant a écrit de nouveau après la clôture de la réclamation ; lisez son message et décidez de la suite.',
    },
  },
};
