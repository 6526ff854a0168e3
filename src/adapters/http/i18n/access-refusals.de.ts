// Der Satz jeder Ablehnung des Zugriffs (wer was darf: Sitzungen, Konten, Tokens, Fälle nach Rolle und Stufe), auf
// Deutsch: errors.<code>_<context>, einer für jede Ablehnung, die ACCESS_CONTEXTS nennt.
import type { AccessRefusalKey } from '../../../core/access/access-error.ts';

export const accessRefusalsDe: { errors: Record<AccessRefusalKey, string> } = {
  errors: {
    unauthenticated_sign_in: 'Bitte melden Sie sich zuerst an.',
    session_expired_ended:
      'Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an; was Sie gesendet haben, wurde nicht gespeichert.',
    forbidden_role_route: 'Ihre Rolle ($t(roles.{{role}})) erlaubt diese Seite oder Aktion nicht.',
    forbidden_role_inbox:
      'Der Eingangskorb wird vom Beschwerdeteam, der Geschäftsleitung und der Prüfung gelesen und vom Beschwerdeteam und der Geschäftsleitung bearbeitet. Ein Administratorkonto richtet Redress ein und liest keine eingehende Post.',
    forbidden_role_department_records: 'Nur die Abteilung, an die der Vorschlag ging, hält dies fest.',
    forbidden_role_team_forwards: 'Das Beschwerdeteam leitet Vorschläge an die Abteilungen weiter.',
    forbidden_role_step2_only: 'Die Geschäftsleitung bearbeitet nur Fälle der Stufe 2.',
    forbidden_role_step2_management: 'Fälle der Stufe 2 bearbeitet die Geschäftsleitung.',
    forbidden_role_no_cases: 'Ihre Rolle ($t(roles.{{role}})) bearbeitet keine Fälle.',
    forbidden_role_lead_reassigns: 'Nur eine Teamleitung oder die Geschäftsleitung weist einen Fall neu zu.',
    forbidden_role_restriction_deciders:
      'Einschränkungen gegenüber einer beschwerdeführenden Person beschließen Teamleitungen und die Geschäftsleitung (P8.3).',
    forbidden_role_record_mergers:
      'Die Datensätze einer beschwerdeführenden Person führen das Beschwerdeteam und die Geschäftsleitung zusammen.',
    forbidden_role_record_exporters:
      'Das Beschwerdeteam, die Geschäftsleitung und die Administration exportieren, was über eine beschwerdeführende Person gespeichert ist.',
    forbidden_role_record_writers: 'Die Prüfung liest den Datensatz, ändert aber nichts daran.',
    forbidden_role_subject_requests:
      'Diese Anfrage einer Person zu ihren Daten beantwortet die Administration.',
    assignee_not_allowed_step1:
      'Dieser Fall kann nur einer aktiven Sachbearbeitung oder Teamleitung zugewiesen werden.',
    assignee_not_allowed_step2:
      'Ein Fall der Stufe 2 kann nur einem aktiven Mitglied der Geschäftsleitung zugewiesen werden.',
    designated_contact_only_correspondence:
      'Eine benannte Ansprechperson führt die gesamte Korrespondenz mit dieser Person (P8.4): Nur sie schreibt ihr zu diesem Fall. Wenden Sie sich an die auf der Fallseite genannte Ansprechperson oder ändern Sie die Einschränkung auf der Seite der beschwerdeführenden Person.',
    designated_contact_only_assignment:
      'Die Fälle dieser Person gehen an ihre benannte Ansprechperson (P8.4): Um diesen Fall jemand anderem zuzuweisen, ändern Sie zuerst die Einschränkung auf ihrer Seite.',
    csrf_invalid_expired:
      'Das Formular war abgelaufen. Laden Sie die Seite neu und versuchen Sie es noch einmal.',
    token_invalid_bearer:
      'Das API-Token fehlt, ist unbekannt, widerrufen oder abgelaufen: Senden Sie ein gültiges Token als „Authorization: Bearer …“.',
    sign_in_failed_credentials: 'E-Mail-Adresse oder Passwort stimmen nicht.',
    sign_in_throttled_failures:
      'Zu viele fehlgeschlagene Anmeldungen. Versuchen Sie es in {{minutes}} Minuten erneut.',
    reset_throttled_requests:
      'Zu viele Anfragen nach einem neuen Passwort. Versuchen Sie es in {{minutes}} Minuten erneut.',
    email_taken_account: 'Für {{email}} gibt es bereits ein Konto: Öffnen Sie es stattdessen aus der Liste.',
    user_not_found_account: 'Dieses Konto gibt es nicht.',
    user_not_found_email: 'Für {{email}} gibt es kein Konto: Prüfen Sie die Adresse.',
    token_not_found_token: 'Dieses API-Token gibt es nicht.',
    departments_required_department_member:
      'Ein Mitglied einer Fachabteilung braucht mindestens eine Abteilung.',
    unknown_department_existing:
      'Es gibt keine Abteilung „{{department}}“. Wählen Sie unter {{existing}} oder legen Sie sie zuerst unter $t(nav.admin) › $t(admin.sections.departments) an.',
    unknown_department_none:
      'Es gibt keine Abteilung „{{department}}“, und noch keine Abteilung ist angelegt: Legen Sie sie zuerst unter $t(nav.admin) › $t(admin.sections.departments) an.',
    last_administrator_active: 'Dies ist die letzte aktive Administration; ernennen Sie zuerst eine weitere.',
    password_too_short_length: 'Wählen Sie ein Passwort mit mindestens {{min}} Zeichen.',
    password_too_long_length: 'Wählen Sie ein Passwort mit höchstens {{max}} Zeichen.',
    password_is_email_email: 'Wählen Sie ein Passwort, das nicht Ihre E-Mail-Adresse ist.',
    password_wrong_current: 'Das aktuelle Passwort stimmt nicht.',
    passwords_differ_confirm: 'Die beiden Passwörter sind verschieden; geben Sie zweimal dasselbe ein.',
    invitation_invalid_expired: 'Dieser Link gilt nicht mehr; bitten Sie die Administration um einen neuen.',
    invitation_invalid_used:
      'Dieser Link wurde bereits verwendet: Melden Sie sich mit dem damals gewählten Passwort an oder bitten Sie die Administration um einen neuen Link.',
    already_in_state_account:
      'Nichts geändert: Das Konto hat bereits den Status „$t(userStatuses.{{status}})“.',
    already_in_state_token_revoked: 'Nichts geändert: Dieses API-Token ist bereits widerrufen.',
    already_in_state_record_erased:
      'Dieser Datensatz wurde gelöscht: Es bleibt nichts mehr zu exportieren, einzuschränken, zusammenzuführen, zu ändern oder erneut zu löschen.',
    already_in_state_record_merged:
      'Dieser Datensatz wurde in einen anderen zusammengeführt: Einschränkungen und Zusammenführungen werden dort erfasst.',
  },
};
