// La phrase de chaque refus d'accès (qui peut faire quoi : sessions, comptes, jetons, dossiers selon le rôle et
// l'étape), en français : errors.<code>_<context>, une pour chaque refus que nomme ACCESS_CONTEXTS.
import type { AccessRefusalKey } from '../../../core/access/access-error.ts';

export const accessRefusalsFr: { errors: Record<AccessRefusalKey, string> } = {
  errors: {
    unauthenticated_sign_in: 'Veuillez d’abord vous connecter.',
    session_expired_ended:
      'Votre session a pris fin. Veuillez vous reconnecter ; ce que vous avez envoyé n’a pas été enregistré.',
    forbidden_role_route:
      'Votre rôle ($t(roles.{{role}})) ne donne pas accès à cette page ou à cette action.',
    forbidden_role_inbox:
      "La boîte de tri est lue par l'équipe des réclamations, la direction et l'auditeur, et traitée par l'équipe des réclamations et la direction. Un compte administrateur configure Redress et ne lit pas le courrier reçu.",
    forbidden_role_department_records:
      'Seul le service auquel la suggestion a été transmise enregistre ceci.',
    forbidden_role_team_forwards:
      'C’est l’équipe des réclamations qui transmet les suggestions aux services.',
    forbidden_role_step2_only: 'La direction ne traite que les dossiers d’étape 2.',
    forbidden_role_step2_management: 'Les dossiers d’étape 2 sont traités par la direction.',
    forbidden_role_no_cases: 'Votre rôle ($t(roles.{{role}})) ne traite pas de dossiers.',
    forbidden_role_lead_reassigns: 'Seuls un chef d’équipe ou la direction réattribuent un dossier.',
    forbidden_role_restriction_deciders:
      'Les restrictions visant un réclamant sont décidées par les chefs d’équipe et la direction (P8.3).',
    forbidden_role_record_mergers:
      'Les fiches d’un réclamant sont fusionnées par l’équipe des réclamations et la direction.',
    forbidden_role_record_exporters:
      'L’équipe des réclamations, la direction et les administrateurs exportent ce qui est conservé sur un réclamant.',
    forbidden_role_record_writers: 'L’auditeur consulte la fiche sans rien y modifier.',
    forbidden_role_subject_requests:
      'Les administrateurs répondent à cette demande d’une personne sur ses données.',
    assignee_not_allowed_step1: 'Ce dossier ne peut être confié qu’à un agent ou un chef d’équipe actif.',
    assignee_not_allowed_step2:
      'Un dossier d’étape 2 ne peut être confié qu’à un membre actif de la direction.',
    designated_contact_only_correspondence:
      'Un interlocuteur désigné traite toute la correspondance avec ce réclamant (P8.4) : lui seul lui écrit sur ce dossier. Adressez-vous à l’interlocuteur désigné indiqué sur la page du dossier, ou modifiez la restriction sur la page du réclamant.',
    designated_contact_only_assignment:
      'Les dossiers de ce réclamant vont à son interlocuteur désigné (P8.4) : pour confier ce dossier à quelqu’un d’autre, modifiez d’abord la restriction sur la page du réclamant.',
    csrf_invalid_expired: 'Le formulaire avait expiré. Rechargez la page et recommencez.',
    token_invalid_bearer:
      'Le jeton d’API est absent, inconnu, révoqué ou expiré : envoyez un jeton valable sous la forme « Authorization: Bearer … ».',
    sign_in_failed_credentials: 'L’adresse e-mail ou le mot de passe n’est pas correct.',
    sign_in_throttled_failures: 'Trop d’échecs de connexion. Réessayez dans {{minutes}} minutes.',
    reset_throttled_requests: 'Trop de demandes de nouveau mot de passe. Réessayez dans {{minutes}} minutes.',
    email_taken_account: 'Un compte existe déjà pour {{email}} : ouvrez-le plutôt depuis la liste.',
    user_not_found_account: 'Ce compte n’existe pas.',
    user_not_found_email: 'Aucun compte n’a l’adresse {{email}} : vérifiez-la.',
    token_not_found_token: 'Ce jeton d’API n’existe pas.',
    departments_required_department_member: 'Un membre d’un service doit appartenir à au moins un service.',
    unknown_department_existing:
      'Il n’existe pas de service « {{department}} ». Choisissez parmi : {{existing}} ; ou créez-le d’abord sous $t(nav.admin) › $t(admin.sections.departments).',
    unknown_department_none:
      'Il n’existe pas de service « {{department}} », et aucun service n’existe encore : créez-le d’abord sous $t(nav.admin) › $t(admin.sections.departments).',
    last_administrator_active: 'C’est le dernier administrateur actif ; nommez-en d’abord un autre.',
    password_too_short_length: 'Choisissez un mot de passe d’au moins {{min}} caractères.',
    password_too_long_length: 'Choisissez un mot de passe d’au plus {{max}} caractères.',
    password_is_email_email: 'Choisissez un mot de passe différent de votre adresse e-mail.',
    password_wrong_current: 'Le mot de passe actuel n’est pas correct.',
    passwords_differ_confirm: 'Les deux mots de passe diffèrent ; tapez deux fois le même.',
    invitation_invalid_expired: 'Ce lien n’est plus valable ; demandez-en un nouveau à un administrateur.',
    invitation_invalid_used:
      'Ce lien a déjà servi : connectez-vous avec le mot de passe choisi alors, ou demandez un nouveau lien à un administrateur.',
    already_in_state_account:
      'Rien n’a changé : le statut du compte est déjà « $t(userStatuses.{{status}}) ».',
    already_in_state_token_revoked: 'Rien n’a changé : ce jeton d’API est déjà révoqué.',
    already_in_state_record_erased:
      'Cette fiche a été effacée : il n’y reste rien à exporter, restreindre, fusionner, modifier ou effacer à nouveau.',
    already_in_state_record_merged:
      'Cette fiche a été fusionnée dans une autre : restrictions et fusions s’enregistrent sur la fiche qui l’a reçue.',
  },
};
