// Redress's own notes on inbox items, in French (the sentences of src/core/intake/staff-notes.ts). A sentence
// added there without its translation here does not type-check.
import type { StaffNoteKey } from '../../../core/intake/staff-notes.ts';

export const staffNotesFr: { staffNotes: Record<StaffNoteKey, string> } = {
  staffNotes: {
    refersToCase: 'Le message se rapporte au dossier {{reference}}.',
    namesOtherCasesUnknownSender:
      'Le message cite {{references}} (dans son objet ou comme message auquel il répond), dossier d’un autre réclamant, et son expéditeur est inconnu : vérifiez qui a écrit avant de le classer.',
    namesOtherCases:
      'Le message cite {{references}} (dans son objet ou comme message auquel il répond), dossier d’un autre réclamant, et vient de {{sender}} : vérifiez qui a écrit avant de le classer.',
    colleagueNamesCaseUnknownSender:
      'Un message d’une adresse de l’organisation, de ses propres domaines, cite ce dossier : classé comme message d’un collègue, non du réclamant ; vérifiez qui l’a écrit.',
    colleagueNamesCase:
      'Un message de {{sender}}, des propres domaines de l’organisation, cite ce dossier : classé comme message d’un collègue, non du réclamant ; vérifiez qui l’a écrit.',
    waitStartUnknown:
      'Le réclamant a répondu à une demande d’informations qui lui indiquait que la date de réponse restait inchangée (faite quand le délai ne s’interrompait pas pendant ces attentes) : la date n’a pas été décalée des jours d’attente. Prolongez-la si l’attente le justifie.',
    wroteOnClosedCase:
      'Le réclamant a écrit de nouveau après la clôture de cette réclamation : elle a été rouverte pour qu’une personne lise son message et décide de la suite (une réponse, une nouvelle réclamation, l’étape 2, ou une nouvelle clôture). Rien ne lui a été envoyé.',
    wroteAfterAnswer:
      'Le réclamant a écrit de nouveau après la réponse : le dossier est signalé pour qu’une personne lise son message et décide de la suite (une réponse, l’étape 2, ou la clôture). Rien ne lui a été envoyé.',
    senderFieldNotOneAddress:
      'Le champ d’expéditeur du message n’est pas une seule adresse : rien n’a été répondu automatiquement ; vérifiez qui a écrit avant de répondre.',
    suspiciousAddress:
      'Un champ d’adresse du message est douteux ({{problem}}) : rien n’a été répondu automatiquement ; vérifiez qui a écrit avant de répondre.',
    overLimitToToday:
      'Plus de {{limit}} courriels automatiques à {{address}} aujourd’hui : pas de réponse automatique (protection contre les envois en masse) ; une personne décide.',
    overLimitToHour:
      'Plus de {{limit}} courriels automatiques à {{address}} dans l’heure : pas de réponse automatique (protection contre les envois en masse) ; une personne décide.',
    overLimitFromToday:
      'Plus de {{limit}} courriels automatiques au sujet de messages de {{address}} aujourd’hui : pas de réponse automatique (protection contre les envois en masse) ; une personne décide.',
    overLimitFromHour:
      'Plus de {{limit}} courriels automatiques au sujet de messages de {{address}} dans l’heure : pas de réponse automatique (protection contre les envois en masse) ; une personne décide.',
    invalidRecipient: '« {{recipient}} » n’est pas une seule adresse valide : pas de réponse automatique.',
    noAutoMailAddress:
      'Il n’y a aucune adresse à laquelle un courriel automatique puisse être envoyé (le From: de l’expéditeur, ou le Reply-To d’un formulaire web) : rien n’a été répondu automatiquement.',
    otherAddressOnFile:
      'Le message vient d’une autre adresse que celle de la fiche du réclamant (une adresse fusionnée dans cette fiche) : rien n’a été répondu automatiquement ; vérifiez qui a écrit, puis répondez à l’adresse de la fiche.',
    openedUnanswered:
      'Ce dossier a été ouvert depuis la boîte de tri à partir d’un courriel automatique, d’un message illisible ou d’un message dont l’expéditeur n’est pas vérifié : rien n’a été répondu automatiquement ; vérifiez qui a écrit, puis accusez réception à la main.',
    openedFromAutomatedOrUnread:
      'Ce dossier a été ouvert depuis la boîte de tri à partir d’un courriel automatique ou d’un message illisible : rien n’a été répondu automatiquement ; vérifiez qui a écrit, puis accusez réception à la main.',
    emptyMessage: 'Ce n’est pas un courriel : le fichier est vide (0 octet).',
    binaryData: 'Ce n’est pas un courriel : données binaires ({{bytes}} octets).',
    oneByte: 'Ce n’est pas un courriel : 1 seul octet.',
    fewBytes: 'Ce n’est pas un courriel : {{bytes}} octets seulement.',
    noHeaderFields:
      'Ce n’est pas un courriel : aucun champ d’en-tête (From:, To:, Subject:, Date: …) au début.',
    noHeaderFieldRead: 'Aucun champ d’en-tête n’a pu être lu : ce n’est pas un courriel ({{problems}}).',
    notRead: 'Le message n’a pas pu être lu ({{error}}).',
    overBudget:
      'Trop complexe pour être lu dans les limites prévues : le message est conservé octet pour octet ; ouvrez l’original pour le voir.',
    setAsideMoved:
      'Le message n’a pas pu être enregistré après {{tries}} essais ({{error}}) ; il est conservé ici sans avoir été lu, et a été déplacé dans le dossier IMAP {{setAsideFolder}} (ou, si le serveur l’a refusé, laissé dans le dossier IMAP {{folder}} avec le mot-clé {{keyword}}) de {{account}} (il portait l’UID {{uid}} dans {{folder}}).',
    setAsideFlagged:
      'Le message n’a pas pu être enregistré après {{tries}} essais ({{error}}) ; il est conservé ici sans avoir été lu, et a été laissé dans le dossier IMAP {{folder}} de {{account}} avec le mot-clé {{keyword}} (il portait l’UID {{uid}} dans {{folder}}).',
    setAsideNotGivenMoved:
      'Le serveur IMAP n’a pas pu fournir le message après {{tries}} essais ({{error}}) : rien n’en est conservé ici, cette entrée est un avis rédigé par Redress à sa place. Le message a été déplacé dans le dossier IMAP {{setAsideFolder}} de {{account}} (ou, si le serveur l’a refusé, laissé dans le dossier IMAP {{folder}} avec le mot-clé {{keyword}} ; il portait l’UID {{uid}} dans {{folder}}). Une fois réparé sur le serveur, remettez-le dans {{folder}}, sans le mot-clé, pour qu’il soit relevé à nouveau.',
    setAsideNotGivenFlagged:
      'Le serveur IMAP n’a pas pu fournir le message après {{tries}} essais ({{error}}) : rien n’en est conservé ici, cette entrée est un avis rédigé par Redress à sa place. Le message a été laissé dans le dossier IMAP {{folder}} de {{account}} avec le mot-clé {{keyword}} (il portait l’UID {{uid}} dans {{folder}}). Une fois réparé sur le serveur, remettez-le dans {{folder}}, sans le mot-clé, pour qu’il soit relevé à nouveau.',
    tooLargeFlagged:
      'Un message de {{bytes}} octets, au-delà de la taille maximale de {{limit}} octets, n’a pas été relevé : rien n’en est conservé ici, cette entrée est un avis rédigé par Redress à sa place. Le message se trouve dans le dossier IMAP {{folder}} de {{account}} avec le mot-clé {{keyword}} (UID {{uid}} dans {{folder}}) : lisez-le là avec un logiciel de messagerie et enregistrez-le à la main.',
    tooLargeSkipped:
      'Un message de {{bytes}} octets, au-delà de la taille maximale de {{limit}} octets, n’a pas été relevé : rien n’en est conservé ici, cette entrée est un avis rédigé par Redress à sa place. Le message se trouve dans le dossier IMAP {{folder}} de {{account}} (UID {{uid}} dans {{folder}}), où Redress l’ignore désormais : lisez-le là avec un logiciel de messagerie et enregistrez-le à la main.',
    step2OtherCases:
      'Le réclamant a déjà d’autres dossiers d’étape 2 que cette demande peut concerner ({{references}}) : vérifiez lequel il vise, et fusionnez ce dossier avec lui s’il s’agit de la même affaire.',
    oldImapNoticeListed:
      'Ce n’est pas un message envoyé par quelqu’un : une version antérieure de Redress a rédigé cette entrée à la place du message UID {{uid}} de {{account}} (dossier {{folder}}), qu’elle n’avait pas pu relever. Elle est conservée telle qu’elle a été enregistrée, et le message figure désormais parmi les messages que la porte de courrier n’a pas pu lire.',
  },
};
