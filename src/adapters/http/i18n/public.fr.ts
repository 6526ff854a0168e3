// Textes français du formulaire public de réclamation et des refus propres à l’API (mêmes clés que public.en.ts).
import type { PublicMessages } from './public.en.ts';

export const publicFr: PublicMessages = {
  validation: {
    consent: 'Veuillez cocher cette case pour que nous puissions traiter votre réclamation.',
  },
  errors: {
    rate_limited:
      'Trop de demandes en peu de temps. Veuillez patienter {{retryAfterSeconds}} secondes puis réessayer.',
  },
  publicForm: {
    title: 'Déposer une réclamation',
    intro:
      'Nous regrettons que quelque chose se soit mal passé. Décrivez-le-nous ici et {{organisation}} l’examinera avec soin.',
    promiseAcknowledgeHours_one:
      'Vous recevrez un accusé de réception par e-mail sous une heure, avec votre numéro de référence.',
    promiseAcknowledgeHours_other:
      'Vous recevrez un accusé de réception par e-mail sous {{count}} heures, avec votre numéro de référence.',
    promiseAcknowledgeWorkingDays_one:
      'Vous recevrez un accusé de réception par e-mail sous un jour ouvré, avec votre numéro de référence.',
    promiseAcknowledgeWorkingDays_other:
      'Vous recevrez un accusé de réception par e-mail sous {{count}} jours ouvrés, avec votre numéro de référence.',
    promiseAnswer:
      'Vous recevrez notre réponse sous {{days}} jours ouvrés, ou un message expliquant pourquoi il nous faut plus de temps.',
    promiseLanguage:
      'Vous pouvez écrire en français, en anglais ou en allemand ; nous répondons dans la langue de cette page.',
    aboutYou: 'Vous',
    aboutComplaint: 'Votre réclamation',
    name: 'Votre nom',
    email: 'Votre adresse e-mail',
    emailHint: 'Nous envoyons l’accusé de réception et notre réponse à cette adresse.',
    postalAddress: 'Votre adresse postale',
    postalAddressHint: 'Si vous souhaitez aussi recevoir nos courriers.',
    ticketRefs: 'Numéro de ticket du support',
    ticketRefsHint:
      'Si votre réclamation concerne une demande au support : son numéro, p. ex. 123456. Séparez-en plusieurs par des virgules.',
    domains: 'Noms de domaine concernés',
    domainsHint: 'Par exemple exemple.fr ou müller-bau.de. Séparez-en plusieurs par des virgules.',
    description: 'Que s’est-il passé ?',
    descriptionHint:
      'Décrivez le problème aussi précisément que possible : quoi, quand, et ce que vous avez déjà essayé.',
    expectations: 'Qu’attendez-vous de nous ?',
    expectationsHint: 'Par exemple une correction, un remboursement, une explication.',
    attachments: 'Documents',
    attachmentsHint:
      'Une facture, une capture d’écran, un courrier : PDF, PNG ou JPEG, {{size}} au plus chacun, {{count}} fichiers et {{total}} en tout au plus.',
    attachmentsDocumentsSubject: '[{{reference}}] Documents joints à la réclamation',
    attachmentsDocumentsTitle: 'Documents joints à la réclamation',
    errors_attachments_tooLarge: 'Un document dépasse {{size}} : merci d’envoyer un fichier plus léger.',
    errors_attachments_type:
      'Le document « {{name}} » n’est pas un fichier PDF, PNG ou JPEG (c’est son contenu qui compte, non son nom) : merci de l’envoyer dans l’un de ces formats.',
    errors_attachments_again:
      'Vos documents ({{names}}) n’ont pas pu être conservés avec le formulaire : merci de les choisir à nouveau avant de l’envoyer.',
    errors_attachments_empty:
      'Le document « {{name}} » est arrivé vide (0 octet) : merci de le choisir à nouveau, ou une autre copie, et de renvoyer le formulaire.',
    errors_attachments_tooMany: 'Vous pouvez joindre au plus {{count}} documents au formulaire.',
    errors_attachments_tooMuch:
      'Ensemble, vos documents dépassent {{size}} : merci d’envoyer moins de fichiers ou des fichiers plus légers (par exemple un scan en résolution plus basse).',
    errors_attachments_overBudget:
      'Votre envoi était trop volumineux pour être reçu : vos documents n’ont pas été conservés, mais votre texte est toujours là. Merci de les choisir à nouveau, au plus {{count}} documents de {{size}} chacun et {{total}} en tout, puis d’envoyer à nouveau le formulaire.',
    step: 'De quelle étape s’agit-il ?',
    step1: 'Une nouvelle réclamation (étape 1)',
    step2:
      'J’ai reçu une réponse à ma réclamation et elle ne me satisfait pas (étape 2, traitée par la direction)',
    caseReference: 'Référence de votre première réclamation',
    caseReferenceHint: 'Pour l’étape 2 : la référence indiquée dans notre réponse, p. ex. RC-2026-000123.',
    step2ByPost:
      'Ce formulaire sert aux nouvelles réclamations. Si vous avez déjà reçu notre réponse et qu’elle ne vous satisfait pas, vous pouvez porter votre réclamation devant notre direction (étape 2) par courrier à :',
    step2ByPostHow: 'Merci d’indiquer dans votre lettre la référence de votre première réclamation.',
    consentLabel: 'Consentement',
    consent:
      'J’accepte que {{organisation}} enregistre et utilise les informations données ici pour traiter ma réclamation et me répondre.',
    submit: 'Envoyer ma réclamation',
    byEmail: 'Vous pouvez aussi envoyer votre réclamation par e-mail à {{email}}.',
    honeypot: 'Laissez ce champ vide',
    notAccepted:
      'Nous n’avons pas pu accepter ce formulaire. Veuillez vérifier vos informations et l’envoyer à nouveau, ou nous écrire par e-mail.',
    tooFast:
      'Vous avez été très rapide ! Veuillez vérifier encore une fois vos informations et renvoyer le formulaire.',
    expired:
      'Ce formulaire avait expiré. Vos informations sont conservées : vérifiez-les et renvoyez le formulaire.',
    notShown:
      'Nous n’avons pas pu reconnaître ce formulaire (envoyé peut-être depuis un autre navigateur, ou sans cookies). Vos informations sont conservées : vérifiez-les et renvoyez le formulaire.',
    busy: 'Beaucoup de documents nous parviennent en ce moment : les vôtres n’ont pas pu être reçus. Votre texte est conservé : veuillez choisir à nouveau vos documents et renvoyer le formulaire dans une minute.',
    rateLimited:
      'Nous avons reçu de nombreuses réclamations depuis votre connexion au cours de la dernière heure. Veuillez réessayer dans environ {{minutes}} minutes, ou nous écrire par e-mail.',
    errors: {
      ticketRefs:
        'Écrivez le numéro de ticket tel qu’il figure dans nos messages, p. ex. 123456 ou INC-2026-AB12 ; séparez-en plusieurs par des virgules.',
      domains:
        'Nous n’avons pas pu lire ceci comme un nom de domaine : {{values}}. Écrivez-le comme exemple.fr.',
    },
    thanksTitle: 'Merci, votre réclamation est bien reçue',
    thanksReference: 'Votre numéro de référence :',
    thanksAcknowledgement:
      'Un accusé de réception part vers {{email}}. S’il n’arrive pas, pensez à regarder dans vos courriers indésirables.',
    thanksNoEmail: 'Nous accuserons réception de votre réclamation sous peu.',
    thanksAnswerBy:
      'Vous recevrez notre réponse au plus tard le {{date}}, ou un message expliquant pourquoi il nous faut plus de temps.',
    thanksJoinedTitle: 'Merci, votre message est bien reçu',
    thanksJoined:
      'Vous nous avez déjà demandé de réexaminer cette affaire à l’étape 2 : nous avons donc joint votre message à cette réclamation :',
    thanksJoinedNoAcknowledgement:
      'Aucune nouvelle réclamation n’a été ouverte : vous ne recevrez donc pas de second accusé de réception ; la personne qui traite votre réclamation lira ce que vous avez envoyé.',
    thanksJoinedAnswerBy:
      'Notre réponse à cette réclamation reste attendue au plus tard le {{date}}, ou un message expliquant pourquoi il nous faut plus de temps.',
    thanksJoinedAnswered:
      'Nous avons déjà répondu à cette réclamation ; votre message y a été joint à l’intention de l’équipe qui l’a traitée.',
    thanksKeepReference:
      'Merci de rappeler votre numéro de référence chaque fois que vous nous écrivez à ce sujet.',
    another: 'Déposer une autre réclamation',
  },
};
