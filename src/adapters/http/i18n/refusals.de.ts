// The sentence of each refusal of the procedure, in German (see refusals.en.ts).
import type { RefusalKey } from '../../../core/case/refusal.ts';

export const refusalsDe: { errors: Record<RefusalKey, string> } = {
  errors: {
    case_not_found_case: 'Diesen Fall gibt es nicht.',
    case_not_found_reference: 'Es gibt keinen Fall {{reference}}: Bitte prüfen Sie das Aktenzeichen.',
    case_not_found_complainant: 'Diesen Datensatz einer beschwerdeführenden Person gibt es nicht.',
    case_not_found_inbox_item: 'Diesen Eingang gibt es im Eingangskorb nicht.',
    case_not_found_inbox_correspondence: 'Die Nachricht zu diesem Eingang ist nicht mehr auffindbar.',
    case_not_found_complainant_address:
      'Kein Datensatz einer beschwerdeführenden Person hat die Adresse {{address}}.',
    case_not_found_complainant_address_unknown:
      'Kein Datensatz einer beschwerdeführenden Person hat die Adresse {{address}}, und keine Nachricht im Eingangskorb kam von ihr: Prüfen Sie die Adresse, oder nennen Sie die Person über ihren Datensatz.',
    case_not_found_no_case_to_write:
      'Diese Person hat noch keinen Fall; es gibt also keinen Fall, zu dem ihr geschrieben werden könnte.',
    case_not_found_template: 'Diesen Text gibt es nicht.',
    case_not_found_template_preview_case: 'Es gibt keinen Fall mit diesem Aktenzeichen.',
    case_closed_reopen_first: 'Der Fall ist geschlossen: Öffnen Sie ihn zuerst wieder.',
    case_closed_already_closed: 'Der Fall ist bereits geschlossen.',
    case_closed_merged: 'Dieser Fall wurde bereits mit einem anderen zusammengeführt: Bearbeiten Sie jenen.',
    case_closed_merged_reclassify:
      'Dieser Fall wurde mit einem anderen zusammengeführt: Ordnen Sie stattdessen jenen neu ein.',
    case_closed_merge_target_closed:
      '{{reference}} ist abgeschlossen: Öffnen Sie ihn zuerst wieder, oder führen Sie ihn stattdessen mit diesem Fall zusammen.',
    case_closed_merge_survivor_closed:
      '{{reference}} ist abgeschlossen: Öffnen Sie ihn zuerst wieder, oder führen Sie ihn stattdessen mit {{source}} zusammen.',
    case_not_closed_reopen: 'Der Fall ist offen: Nur ein geschlossener Fall wird wieder geöffnet.',
    not_a_complaint_request_information: 'Fehlende Angaben werden nur bei Beschwerden erbeten.',
    not_a_complaint_answer: 'Nur eine Beschwerde erhält eine abschließende Antwort.',
    not_a_complaint_escalate: 'Nur eine Beschwerde kann an Stufe 2 weitergegeben werden.',
    not_a_complaint_renew_promise: 'Nur eine Beschwerde hat eine Antwortfrist, die zugesagt wird.',
    not_a_complaint_extend: 'Nur eine Beschwerde hat eine Antwortfrist, die verlängert werden kann.',
    not_a_complaint_extend_now:
      'Dieser Fall kann jetzt nicht verlängert werden: Das geht nur bei einer offenen, noch nicht beantworteten Beschwerde vor ihrer Antwortfrist.',
    not_a_suggestion_forward: 'Nur eine Anregung wird an eine Abteilung weitergeleitet.',
    not_a_suggestion_department_acknowledge:
      'Nur eine an eine Abteilung weitergeleitete Anregung kann von ihr übernommen werden.',
    not_a_suggestion_mark_done:
      'Nur eine an eine Abteilung weitergeleitete Anregung kann als erledigt markiert werden.',
    not_acknowledgeable_other: 'Ein Fall der Art „Sonstiges“ erhält keine Eingangsbestätigung.',
    already_acknowledged_at: 'Der Eingang wurde am {{at}} bestätigt.',
    already_answered_at: 'Der Fall wurde am {{at}} beantwortet.',
    already_answered_request_information:
      'Der Fall ist bereits beantwortet: Fehlende Angaben werden nicht mehr erbeten.',
    already_answered_renew_promise:
      'Der Fall ist bereits beantwortet: Es gibt keine Antwortfrist mehr zuzusagen.',
    already_answered_extend:
      'Der Fall ist bereits beantwortet: Seine Antwortfrist kann nicht mehr verlängert werden.',
    not_answered_escalate:
      'Ein Fall der Stufe 1 wird vom Team erst nach seiner Antwort an Stufe 2 gegeben (P5.1): Beantworten Sie ihn zuerst.',
    not_step_1_escalate: 'Nur ein Fall der Stufe 1 kann an Stufe 2 weitergegeben werden.',
    already_escalated_kind: 'Der Fall ist in Stufe 2 übergegangen: Seine Art lässt sich nicht mehr ändern.',
    already_escalated_step2:
      'Der Fall wurde bereits an Stufe 2 weitergegeben: Bearbeiten Sie seinen Fall der Stufe 2.',
    answer_by_passed_extension:
      'Die Antwort war bis {{answerByDate}} fällig: Eine Verlängerung muss vorher mitgeteilt werden (P4.3).',
    window_reversed_extension:
      'Der Zeitraum endet ({{windowEnd}}), bevor er beginnt ({{windowStart}}): Wählen Sie einen letzten Tag nach dem ersten.',
    window_starts_before_answer_date_extension:
      'Der Zeitraum beginnt am {{windowStart}}, vor der Antwortfrist, die der Person bereits genannt wurde ({{answerByDate}}): Eine Verlängerung verschiebt die Antwort nur nach hinten, wählen Sie daher einen ersten Tag ab dem {{earliestStart}}.',
    window_starts_in_past_extension:
      'Der Zeitraum beginnt am {{windowStart}}, vor heute ({{today}}): Wählen Sie einen ersten Tag ab dem {{earliestStart}}.',
    window_not_later_extension: 'Der Zeitraum muss nach der aktuellen Antwortfrist ({{answerByDate}}) enden.',
    window_end_not_working_day_extension:
      'Der letzte Tag des Zeitraums ({{windowEnd}}) ist kein Arbeitstag: Wählen Sie einen Arbeitstag, etwa {{nextWorkingDay}}.',
    window_start_not_working_day_extension:
      'Der erste Tag des Zeitraums ({{windowStart}}) ist kein Arbeitstag: Wählen Sie einen Arbeitstag, etwa {{nextWorkingDay}}.',
    window_too_far_extension:
      'Der Zeitraum darf höchstens {{workingDays}} Arbeitstage nach der geltenden Antwortfrist ({{answerByDate}}) enden: Wählen Sie einen letzten Tag spätestens am {{latestEnd}}.',
    same_value_kind: 'Nichts geändert: Der Fall ist bereits von dieser Art ($t(kinds.{{kind}})).',
    same_value_owner: 'Nichts geändert: Der Fall hat bereits diese zuständige Person.',
    same_value_category: 'Nichts geändert: Der Fall hat bereits diese Kategorie.',
    same_value_department: 'Nichts geändert: Der Vorschlag liegt bereits bei {{department}}.',
    same_value_department_acknowledged: 'Die Abteilung hat diesen Vorschlag bereits übernommen.',
    same_value_suggestion_done: 'Der Vorschlag ist bereits erledigt.',
    same_value_merged_here: '{{reference}} ist bereits mit diesem Fall zusammengeführt.',
    same_value_answer_date_ahead: 'Die Antwortfrist ({{answerByDate}}) liegt noch vor uns.',
    same_value_language: 'Der Fall wird bereits auf $t(languages.{{language}}) geführt.',
    same_value_address_known: 'Geben Sie eine E-Mail- oder Postadresse an, die die Person noch nicht hat.',
    same_value_flagged: 'Nichts geändert: Der Fall ist bereits markiert.',
    same_value_not_flagged: 'Nichts geändert: Der Fall ist nicht markiert.',
    same_value_step2_linked: 'Nichts geändert: Dieser Fall der Stufe 2 ist bereits verknüpft.',
    same_value_same_complainant: 'Nichts geändert: Der Fall gehört bereits zu dieser Person.',
    same_value_deadline_told:
      'Die Frist kann nicht neu berechnet werden: Das geht nur bei einer offenen Beschwerde, deren Antwortfrist der Person noch nicht mitgeteilt wurde (weder Eingangsbestätigung noch Antwort noch Verlängerung).',
    same_value_deadline_unchanged: 'Nichts geändert: Neu berechnet bleibt die Frist dieselbe.',
    same_value_complainant_details: 'Nichts geändert: Die Angaben der Person sind bereits diese.',
    same_value_unreachable:
      'Nichts geändert: Die Person ist bereits als per E-Mail nicht erreichbar markiert.',
    same_value_reachable: 'Nichts geändert: Die Person ist per E-Mail erreichbar.',
    same_value_complainant_merged:
      'Dieser Datensatz wurde bereits mit einem anderen zusammengeführt: Bearbeiten Sie jenen.',
    same_value_snippet_retired: 'Nichts geändert: Der Textbaustein ist bereits zurückgezogen.',
    empty_text_note: 'Bitte schreiben Sie den Text der Notiz.',
    empty_text_close_reason: 'Bitte geben Sie an, warum der Fall geschlossen wird.',
    empty_text_reopen_reason: 'Bitte geben Sie an, warum der Fall wieder geöffnet wird.',
    empty_text_extension_reason:
      'Bitte geben Sie den Grund der Verlängerung an: Er wird der Person mitgeteilt (P4.3).',
    empty_text_reply: 'Bitte schreiben Sie den Text der Antwort.',
    empty_text_restriction_reason:
      'Eine Einschränkung ist eine festgehaltene Entscheidung: Bitte geben Sie ihren Grund an (P8.3).',
    empty_text_lift_reason: 'Bitte geben Sie an, warum die Einschränkung aufgehoben wird.',
    empty_text_dismiss_reason: 'Bitte geben Sie an, warum dieser Eingang verworfen wird.',
    empty_text_erasure_reason:
      'Ein Löschantrag braucht eine Begründung von 3 bis 2000 Zeichen: wer ihn gestellt hat, wann und auf welchem Weg.',
    empty_text_legal_hold_reason: 'Eine rechtliche Sperre braucht eine Begründung von mindestens 3 Zeichen.',
    same_value_letter_posted:
      'Dieser Brief wurde bereits am {{at}} als versandt vermerkt: Nichts wurde geändert.',
    same_value_letter_printed:
      'Diese E-Mail wurde bereits als Brief gedruckt: Der Brief liegt im Fall, zu versenden oder versandt.',
    no_such_letter_not_waiting: 'Dieser Brief wartet in diesem Fall nicht auf den Versand.',
    no_such_letter_not_on_case: 'Dieser Brief gehört nicht zu diesem Fall.',
    restriction_active_kind:
      'Eine Einschränkung „$t(staff.restrictionKinds.{{restriction}})“ gilt bereits: Heben Sie sie zuerst auf, um sie zu ändern.',
    no_such_restriction_not_in_force:
      'Diese Einschränkung gilt nicht (vielleicht wurde sie bereits aufgehoben).',
    review_date_in_past_review: 'Das Prüfdatum ({{reviewBy}}) muss nach heute ({{today}}) liegen.',
    designated_contact_required_restriction:
      'Nennen Sie die Ansprechperson: das Teammitglied, das alle Fälle dieser Person bearbeitet.',
    designated_contact_not_allowed_no_account:
      'Dieses Konto gibt es nicht, es kann nicht als Ansprechperson benannt werden: Wählen Sie aus der Liste ein aktives Konto der Sachbearbeitung, Teamleitung oder Geschäftsleitung.',
    designated_contact_not_allowed_role:
      'Das gewählte Konto hat die Rolle $t(roles.{{role}}), die keine Fälle bearbeitet: Wählen Sie aus der Liste ein aktives Konto der Sachbearbeitung, Teamleitung oder Geschäftsleitung.',
    designated_contact_not_allowed_invited:
      'Das gewählte Konto ist eingeladen, aber noch nicht aktiv: Wählen Sie aus der Liste ein aktives Konto der Sachbearbeitung, Teamleitung oder Geschäftsleitung.',
    designated_contact_not_allowed_disabled:
      'Das gewählte Konto ist deaktiviert: Wählen Sie aus der Liste ein aktives Konto der Sachbearbeitung, Teamleitung oder Geschäftsleitung.',
    inbox_item_handled_filed: 'Dieser Eingang wurde bereits einem Fall zugeordnet.',
    inbox_item_handled_case_opened: 'Aus diesem Eingang wurde bereits ein Fall eröffnet.',
    inbox_item_handled_reclassified: 'Dieser Eingang wurde bereits neu eingeordnet.',
    inbox_item_handled_dismissed: 'Dieser Eingang wurde bereits verworfen.',
    invalid_command_case_exists: 'Den Fall {{reference}} gibt es bereits.',
    invalid_command_other_needs_reason:
      'Die Einordnung als „Sonstiges“ braucht einen Grund (Missbrauchsmeldung, Domainstreitigkeit, …).',
    invalid_command_root_cause: 'Wählen Sie eine Ursache aus der Liste ({{causes}}).',
    invalid_command_remedy_amount:
      'Schreiben Sie den Betrag als Zahl mit höchstens zwei Nachkommastellen (25.50) und einer Währung aus drei Buchstaben (EUR).',
    invalid_command_department_missing: 'Nennen Sie die Abteilung, an die die Anregung weitergeleitet wird.',
    invalid_command_window_dates: 'Geben Sie den ersten und den letzten Tag des Zeitraums an.',
    invalid_command_merge_itself: 'Ein Fall kann nicht mit sich selbst zusammengeführt werden.',
    invalid_command_merge_target_merged:
      '{{reference}} wurde selbst mit einem anderen Fall zusammengeführt: Führen Sie mit jenem zusammen.',
    invalid_command_merge_kind:
      'Nur Fälle derselben Art lassen sich zusammenführen (dieser: $t(kinds.{{kind}})).',
    invalid_command_merge_other_person:
      '{{reference}} gehört zu einem anderen Datensatz: Ein Duplikat ist die Beschwerde derselben Person. Sind beide Datensätze dieselbe Person, führen Sie zuerst die Datensätze zusammen, dann die Fälle.',
    invalid_command_no_address:
      'Die Person zu {{reference}} hat weder eine erreichbare E-Mail-Adresse noch eine Postanschrift: Ergänzen Sie eine Adresse auf ihrer Seite und versuchen Sie es erneut.',
    invalid_command_letter_attachments:
      'Die Person zu {{reference}} hat keine E-Mail-Adresse: Diese Antwort wird als Brief gedruckt, der keine Anhänge trägt. Senden Sie sie ohne Anhänge und legen Sie die Unterlagen dem Brief bei.',
    invalid_command_letter_waiting:
      'Eine Eingangsbestätigung wartet bereits auf den Versand: Markieren Sie sie stattdessen als versandt.',
    invalid_command_letter_only_complainant:
      'Nur Post an die beschwerdeführende Person kann erneut als Brief versandt werden.',
    invalid_command_complainant_exists: 'Diesen Datensatz gibt es bereits.',
    invalid_command_email_not_one:
      '„{{email}}“ ist nicht eine einzelne E-Mail-Adresse: Schreiben Sie eine Adresse, etwa name@example.org.',
    invalid_command_review_date_format: 'Geben Sie das Prüfdatum als Datum an.',
    invalid_command_complainant_merge_itself:
      'Ein Datensatz kann nicht mit sich selbst zusammengeführt werden.',
    invalid_command_complainant_target_merged:
      'Der andere Datensatz wurde selbst mit einem weiteren zusammengeführt: Führen Sie mit jenem zusammen.',
    invalid_command_complainant_source_merged:
      'Dieser Datensatz wurde mit einem anderen zusammengeführt: Führen Sie mit jenem zusammen.',
    invalid_command_subject_required:
      'Nennen Sie die Person über ihren Datensatz oder ihre E-Mail-Adresse (1 bis {{max}} Zeichen).',
    invalid_command_several_complainants:
      'Mehrere Datensätze haben die Adresse {{address}} ({{records}}): Führen Sie sie zusammen, oder nennen Sie einen davon.',
    invalid_command_inbox_item_exists: 'Diesen Eingang gibt es bereits.',
    invalid_command_complainant_email_invalid: 'Geben Sie eine E-Mail-Adresse an, etwa name@example.com.',
    invalid_command_sender_other_address:
      'Diese Nachricht kommt von {{sender}}: Ein daraus eröffneter Vorgang ist für diese Adresse. Um sie einem Vorgang von {{given}} zuzuordnen, ordnen Sie sie diesem Vorgang zu.',
    invalid_command_letter_not_undelivered:
      'Nur eine nicht zugestellte E-Mail an die Person wird als Brief versandt.',
    invalid_command_letter_fields: 'Der Brief kann nicht erfasst werden. {{problems}}',
    invalid_command_letter_arrived_future:
      'Der Brief kann nicht in der Zukunft eingegangen sein ({{arrived}}): Prüfen Sie Datum und Uhrzeit des Eingangs.',
    invalid_command_letter_arrived_too_old:
      'Das Eingangsdatum {{arrived}} liegt mehr als ein Jahr zurück: Prüfen Sie das Jahr; ist der Brief wirklich an diesem Tag eingegangen, bestätigen Sie das Datum, um ihn zu erfassen.',
    invalid_command_letter_arrived_before_case:
      'Der Brief kann nicht am {{arrived}} eingegangen sein, vor dem Eingang des Falls {{reference}} ({{received}}), dessen Aktenzeichen er nennt: Prüfen Sie das Eingangsdatum.',
    invalid_command_letter_domain:
      '„{{domain}}“ ist kein Domainname: Schreiben Sie ihn wie example.de oder müller-bau.de.',
    invalid_command_letter_reference_unknown:
      'Es gibt keinen Fall {{reference}}: Prüfen Sie das Aktenzeichen auf dem Brief.',
    invalid_command_letter_reference_other_complainant:
      '{{reference}} ist der Fall einer anderen Person als {{email}}, die ebenfalls erfasst ist: Prüfen Sie das Aktenzeichen und die E-Mail-Adresse auf dem Brief.',
    invalid_command_letter_empty:
      'Der Brief ist leer: Fügen Sie seinen Scan bei, oder geben Sie den Namen der Person oder den Inhalt des Briefs an.',
    invalid_command_scan_empty: 'Der Scan ist eine leere Datei: Scannen Sie den Brief erneut.',
    invalid_command_scan_type:
      'Der Scan ist weder ein PDF noch ein Bild ({{types}}): Scannen Sie den Brief erneut.',
    invalid_command_scan_type_differs:
      'Der Scan ist eine {{found}}-Datei, nicht {{given}} wie angegeben: Senden Sie ihn mit seinem eigenen Typ.',
    invalid_command_scan_base64: 'Der Scan ist nicht in Base64: Kodieren Sie die Datei in Base64.',
    invalid_command_scan_size:
      'Senden Sie einen einzigen Scan von höchstens {{megabytes}} MB, mit dem Brief im Feld „letter“.',
    invalid_command_letter_field: 'Geben Sie den Brief als JSON-Objekt im Feld „letter“ an.',
    invalid_command_letter_as_file:
      "Senden Sie das JSON des Briefs als Text des Feldes „letter“, nicht als Datei; die einzige Datei ist der Scan (mit curl: -F 'letter=<letter.json', mit <, nicht @).",
    invalid_command_complaint_fields: 'Die Beschwerde kann nicht angenommen werden. {{problems}}',
    invalid_command_complaint_domains:
      'Kein Domainname: {{domains}}. Schreiben Sie ihn wie example.de oder müller-bau.de.',
    invalid_command_complaint_reference: '„{{reference}}“ ist kein Aktenzeichen (etwa RC-2026-000123).',
    invalid_command_complaint_email: 'Geben Sie eine E-Mail-Adresse an, damit wir antworten können.',
    invalid_command_idempotency_key_reused:
      'Dieser Idempotency-Key wurde für eine andere Beschwerde verwendet: Verwenden Sie einen neuen Schlüssel.',
    invalid_command_attachment_type: '„{{name}}“ ist keine PDF-, PNG- oder JPEG-Datei.',
    invalid_command_category_unknown:
      '„{{category}}“ ist keine Kategorie: Wählen Sie eine von {{categories}}.',
    invalid_command_department_unknown:
      'Es gibt keine Abteilung „{{department}}“: Wählen Sie eine von {{departments}}.',
    invalid_command_duplicate_unknown:
      'Es gibt keinen Fall {{reference}}: Prüfen Sie das Aktenzeichen des Duplikats.',
    invalid_command_template_invalid: 'Der Text kann nicht gespeichert werden. {{problems}}',
    invalid_command_no_snippet: 'Diesen Textbaustein gibt es nicht.',
    invalid_command_snippet_retired_change:
      'Ein zurückgezogener Textbaustein kann nicht mehr geändert werden: Legen Sie einen neuen an.',
    invalid_command_snippet_changed_meanwhile:
      'Eine Kollegin oder ein Kollege hat diesen Textbaustein inzwischen geändert, nachdem Sie ihn geöffnet hatten; Ihr Text wurde nicht gespeichert. Er steht unten: Vergleichen Sie ihn mit der geänderten Fassung in der Liste und speichern Sie erneut, wenn er sie ersetzen soll.',
    invalid_command_template_changed_meanwhile:
      'Eine Kollegin oder ein Kollege hat inzwischen Version {{version}} dieses Textes gespeichert, nachdem Sie ihn geöffnet hatten; Ihr Text wurde nicht gespeichert. Er steht unten: Vergleichen Sie ihn mit Version {{version}} und speichern Sie erneut, wenn er sie ersetzen soll.',
    invalid_command_owner_changed_meanwhile:
      'Unverändert gelassen: Eine Kollegin oder ein Kollege hat inzwischen, nach dem Anzeigen der Liste, geändert, wer diesen Fall bearbeitet. Öffnen Sie ihn, um zu sehen, wer ihn jetzt hat.',
    invalid_command_category_changed_meanwhile:
      'Unverändert gelassen: Eine Kollegin oder ein Kollege hat inzwischen, nach dem Anzeigen der Liste, die Kategorie dieses Falls geändert. Öffnen Sie ihn, um seine jetzige Kategorie zu sehen.',
    invalid_command_case_changed_meanwhile:
      'Nichts wurde ausgeführt: Eine Kollegin oder ein Kollege hat diesen Fall bearbeitet, nachdem Sie die Seite geöffnet hatten ({{changes}}). Die Seite zeigt den Fall jetzt, wie er ist; Ihre Eingaben stehen weiterhin im Formular. Prüfen Sie sie und senden Sie erneut, wenn sie noch zutreffen.',
    invalid_command_snippet_variable:
      'Ein Textbaustein wird so in die Antwort eingefügt, wie er geschrieben ist: {{variable}} käme unverändert bei der beschwerdeführenden Person an. Schreiben Sie die Wörter selbst; Anrede, Aktenzeichen und Signatur werden jeder Antwort hinzugefügt.',
    invalid_command_addition_too_long:
      'Die Nachricht ist zu lang: Kürzen Sie sie, oder hängen Sie sie als PDF an.',
    invalid_command_addition_too_large:
      'Die Unterlagen sind zusammen größer, als eine Nachricht tragen kann ({{bytes}} Byte): Senden Sie weniger oder kleinere Dateien.',
    invalid_command_attachments_limits:
      'Hängen Sie höchstens {{count}} Dateien an, jede höchstens {{megabytes}} MB groß und zusammen höchstens {{bytes}} Byte, so viel, wie eine E-Mail an den Beschwerdeführer tragen kann. Es wurde nichts gesendet.',
    invalid_command_documents_limits:
      'Senden Sie höchstens {{count}} Dateien, jede höchstens {{megabytes}} MB groß und zusammen höchstens {{bytes}} Byte, so viel, wie eine Nachricht tragen kann. Es wurde nichts gespeichert: Bitte senden Sie sie innerhalb dieser Grenzen erneut.',
  },
};
