// Textes français des comptes par courriel : invitations envoyées, « Mot de passe oublié ? » et la page de
// réinitialisation. Mêmes clés que accounts.en.ts.
import type { AccountsMessages } from './accounts.en.ts';

export const accountsFr: AccountsMessages = {
  signIn: {
    forgotLink: 'Mot de passe oublié ?',
  },
  forgot: {
    title: 'Mot de passe oublié ?',
    intro:
      'Saisissez l’adresse électronique de votre compte. Si un compte porte cette adresse, un lien pour choisir un nouveau mot de passe y est envoyé.',
    email: 'Adresse électronique',
    submit: 'Envoyer le lien',
    sent: 'Si un compte porte l’adresse {{email}}, un lien pour choisir un nouveau mot de passe vient d’y être envoyé. Il ne sert qu’une fois, pendant une heure. Rien reçu ? Regardez dans les indésirables, ou adressez-vous à un administrateur.',
    back: 'Retour à la connexion',
  },
  reset: {
    title: 'Choisir un nouveau mot de passe',
    intro: 'Choisissez un nouveau mot de passe pour {{email}}. Vos autres sessions seront fermées.',
  },
  users: {
    openCases_one: '{{name}} a {{count}} dossier ouvert.',
    openCases_other: '{{name}} a {{count}} dossiers ouverts.',
    openCasesDisabled_one:
      '{{name}} a encore {{count}} dossier ouvert, que personne ne traite tant que le compte est désactivé : un responsable d’équipe le confie à un collègue depuis les files (« Quelqu’un est absent »).',
    openCasesDisabled_other:
      '{{name}} a encore {{count}} dossiers ouverts, que personne ne traite tant que le compte est désactivé : un responsable d’équipe les confie à un collègue depuis les files (« Quelqu’un est absent »).',
    invitationSentTitle: 'Invitation envoyée à {{email}}',
    invitationSent:
      'Un courriel avec un lien pour choisir un mot de passe part vers {{email}}. Le lien ne sert qu’une fois, jusqu’au {{until}}.',
    invitationMailOff:
      'L’envoi de courriels est désactivé : aucun message n’est parti. Transmettez vous-même ce lien à {{name}} ; il permet de choisir un mot de passe jusqu’au {{until}}, une seule fois.',
    sendInvitation: 'Envoyer un nouveau lien de connexion',
    sendInvitationHint:
      'Pour un mot de passe perdu ou une invitation expirée : le lien part vers l’adresse du compte, et tout lien précédent cesse de fonctionner. Le mot de passe actuel reste valable jusqu’au choix d’un nouveau.',
  },
  errors: {
    reset_throttled: 'Trop de demandes de nouveau mot de passe. Réessayez dans {{minutes}} minutes.',
  },
  files: {
    view: 'Afficher',
    viewNamed: 'Afficher {{name}}',
  },
  auditActions: {
    password_reset_requested: 'Nouveau mot de passe demandé',
    password_reset: 'Mot de passe réinitialisé',
  },
};
