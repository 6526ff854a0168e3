// The sentence of each refusal of the procedure, in French (see refusals.en.ts).
import type { RefusalKey } from '../../../core/case/refusal.ts';

export const refusalsFr: { errors: Record<RefusalKey, string> } = {
  errors: {
    case_not_found_case: 'Ce dossier n’existe pas.',
    case_not_found_reference: 'Aucun dossier ne porte la référence {{reference}} : vérifiez la référence.',
    case_not_found_complainant: 'Cette fiche de réclamant n’existe pas.',
    case_not_found_inbox_item: 'Cet élément n’existe pas dans la boîte de tri.',
    case_not_found_inbox_correspondence: 'Le message de cet élément de la boîte de tri est introuvable.',
    case_not_found_complainant_address: 'Aucune fiche de réclamant ne porte l’adresse {{address}}.',
    case_not_found_complainant_address_unknown:
      'Aucune fiche de réclamant ne porte l’adresse {{address}}, et aucun message de la boîte de tri n’en provient : vérifiez l’adresse, ou désignez le réclamant par sa fiche.',
    case_not_found_no_case_to_write:
      'Ce réclamant n’a encore aucun dossier : il n’y a donc pas de dossier au sujet duquel lui écrire.',
    case_not_found_template: 'Ce texte n’existe pas.',
    case_not_found_template_preview_case: 'Aucun dossier ne porte cette référence.',
    case_closed_reopen_first: 'Le dossier est clos : rouvrez-le d’abord.',
    case_closed_already_closed: 'Le dossier est déjà clos.',
    case_closed_merged: 'Ce dossier a déjà été fusionné dans un autre : agissez sur celui-là.',
    case_closed_merged_reclassify: 'Ce dossier a été fusionné dans un autre : reclassez plutôt celui-là.',
    case_closed_merge_target_closed:
      '{{reference}} est clos : rouvrez-le d’abord, ou fusionnez-le plutôt dans ce dossier.',
    case_closed_merge_survivor_closed:
      '{{reference}} est clos : rouvrez-le d’abord, ou fusionnez-le plutôt dans {{source}}.',
    case_not_closed_reopen: 'Le dossier est ouvert : seul un dossier clos peut être rouvert.',
    not_a_complaint_request_information:
      'Les informations manquantes ne se demandent que pour une réclamation.',
    not_a_complaint_answer: 'Seule une réclamation reçoit une réponse définitive.',
    not_a_complaint_escalate: 'Seule une réclamation peut passer à l’étape 2.',
    not_a_complaint_renew_promise: 'Seule une réclamation a une date de réponse à promettre.',
    not_a_complaint_extend: 'Seule une réclamation a une date de réponse à prolonger.',
    not_a_complaint_extend_now:
      'Ce dossier ne peut pas être prolongé maintenant : seule une réclamation ouverte, pas encore répondue, peut l’être, avant sa date de réponse.',
    not_a_suggestion_forward: 'Seule une suggestion est transmise à un service.',
    not_a_suggestion_department_acknowledge:
      'Seule une suggestion transmise à un service peut être prise en charge par lui.',
    not_a_suggestion_mark_done:
      'Seule une suggestion transmise à un service peut être marquée comme traitée.',
    not_acknowledgeable_other: 'Un dossier de nature « autre » ne reçoit pas d’accusé de réception.',
    already_acknowledged_at: 'Le dossier a reçu un accusé de réception le {{at}}.',
    already_answered_at: 'Le dossier a reçu une réponse le {{at}}.',
    already_answered_request_information:
      'Le dossier a déjà reçu une réponse : les informations manquantes ne se demandent plus.',
    already_answered_renew_promise:
      'Le dossier a déjà reçu une réponse : il n’y a plus de date de réponse à promettre.',
    already_answered_extend:
      'Le dossier a déjà reçu une réponse : sa date de réponse ne peut plus être prolongée.',
    not_answered_escalate:
      'Un dossier d’étape 1 ne passe à l’étape 2 par l’équipe qu’après sa réponse (P5.1) : répondez-y d’abord.',
    not_step_1_escalate: 'Seul un dossier d’étape 1 peut passer à l’étape 2.',
    already_escalated_kind: 'Le dossier est passé à l’étape 2 : sa nature ne peut plus changer.',
    already_escalated_step2: 'Le dossier est déjà passé à l’étape 2 : agissez sur son dossier d’étape 2.',
    answer_by_passed_extension:
      'La réponse était due au plus tard le {{answerByDate}} : une prolongation doit être annoncée avant cette date (P4.3).',
    window_reversed_extension:
      'La période se termine ({{windowEnd}}) avant de commencer ({{windowStart}}) : choisissez un dernier jour après le premier.',
    window_starts_before_answer_date_extension:
      'La période commence le {{windowStart}}, avant la date de réponse déjà annoncée au réclamant ({{answerByDate}}) : une prolongation repousse la réponse, choisissez donc un premier jour à partir du {{earliestStart}}.',
    window_starts_in_past_extension:
      'La période commence le {{windowStart}}, avant aujourd’hui ({{today}}) : choisissez un premier jour à partir du {{earliestStart}}.',
    window_not_later_extension:
      'La période doit se terminer après la date de réponse actuelle ({{answerByDate}}).',
    window_end_not_working_day_extension:
      'Le dernier jour de la période ({{windowEnd}}) n’est pas un jour ouvré : choisissez un jour ouvré, par exemple le {{nextWorkingDay}}.',
    window_start_not_working_day_extension:
      'Le premier jour de la période ({{windowStart}}) n’est pas un jour ouvré : choisissez un jour ouvré, par exemple le {{nextWorkingDay}}.',
    window_too_far_extension:
      'La période peut se terminer au plus {{workingDays}} jours ouvrés après la date de réponse en vigueur ({{answerByDate}}) : choisissez un dernier jour au plus tard le {{latestEnd}}.',
    same_value_kind: 'Rien n’a changé : le dossier est déjà de cette nature ($t(kinds.{{kind}})).',
    same_value_owner: 'Rien n’a changé : le dossier a déjà ce responsable.',
    same_value_category: 'Rien n’a changé : le dossier a déjà cette catégorie.',
    same_value_department: 'Rien n’a changé : la suggestion est déjà auprès du service {{department}}.',
    same_value_department_acknowledged: 'Le service a déjà pris en charge cette suggestion.',
    same_value_suggestion_done: 'La suggestion est déjà traitée.',
    same_value_merged_here: '{{reference}} est déjà fusionné dans ce dossier.',
    same_value_answer_date_ahead: 'La date de réponse ({{answerByDate}}) n’est pas encore passée.',
    same_value_language: 'le dossier est déjà rédigé en $t(languages.{{language}}).',
    same_value_address_known: 'donnez une adresse e-mail ou postale que le réclamant n’a pas encore.',
    same_value_flagged: 'Rien n’a changé : le dossier est déjà signalé.',
    same_value_not_flagged: 'Rien n’a changé : le dossier n’est pas signalé.',
    same_value_step2_linked: 'Rien n’a changé : ce dossier d’étape 2 est déjà lié.',
    same_value_same_complainant: 'Rien n’a changé : le dossier appartient déjà à ce réclamant.',
    same_value_deadline_told:
      'Le délai ne peut pas être recalculé : seule une réclamation ouverte dont la date de réponse n’a pas encore été communiquée au réclamant (ni accusé de réception, ni réponse, ni prolongation) en a un à recalculer.',
    same_value_deadline_unchanged: 'Rien n’a changé : recalculé, le délai reste le même.',
    same_value_complainant_details: 'Rien n’a changé : les coordonnées du réclamant sont déjà celles-ci.',
    same_value_unreachable: 'Rien n’a changé : le réclamant est déjà marqué injoignable par e-mail.',
    same_value_reachable: 'Rien n’a changé : le réclamant est joignable par e-mail.',
    same_value_complainant_merged:
      'Cette fiche de réclamant a déjà été fusionnée dans une autre : agissez sur celle-là.',
    same_value_snippet_retired: 'Rien n’a changé : ce paragraphe est déjà retiré.',
    empty_text_note: 'Écrivez le texte de la note.',
    empty_text_close_reason: 'Indiquez la raison de la clôture du dossier.',
    empty_text_reopen_reason: 'Indiquez la raison de la réouverture du dossier.',
    empty_text_extension_reason:
      'Indiquez la raison de la prolongation : elle est communiquée au réclamant (P4.3).',
    empty_text_reply: 'Écrivez le texte de la réponse.',
    empty_text_restriction_reason:
      'Une restriction est une décision consignée : indiquez-en la raison (P8.3).',
    empty_text_lift_reason: 'Indiquez la raison de la levée de la restriction.',
    empty_text_dismiss_reason: 'Indiquez la raison pour laquelle cet élément est écarté.',
    empty_text_erasure_reason:
      'Une demande d’effacement nécessite une raison de 3 à 2000 caractères : qui la demande, quand, et par quel moyen.',
    empty_text_legal_hold_reason: 'Une conservation légale nécessite une raison d’au moins 3 caractères.',
    same_value_letter_posted: 'Ce courrier a déjà été marqué comme posté le {{at}} : rien n’a été modifié.',
    same_value_letter_printed:
      'Cet e-mail a déjà été imprimé en courrier : le courrier figure dans le dossier, à poster ou posté.',
    no_such_letter_not_waiting: 'Ce courrier n’attend pas d’être posté dans ce dossier.',
    no_such_letter_not_on_case: 'Ce courrier n’appartient pas à ce dossier.',
    restriction_active_kind:
      'Une restriction « $t(staff.restrictionKinds.{{restriction}}) » est déjà en vigueur : levez-la d’abord pour la modifier.',
    no_such_restriction_not_in_force:
      'Cette restriction n’est pas en vigueur (elle a peut-être déjà été levée).',
    review_date_in_past_review:
      'La date de réexamen ({{reviewBy}}) doit être postérieure à aujourd’hui ({{today}}).',
    designated_contact_required_restriction:
      'Désignez l’interlocuteur : le membre de l’équipe qui traite tous les dossiers de ce réclamant.',
    designated_contact_not_allowed_no_account:
      'Ce compte n’existe pas et ne peut être désigné comme interlocuteur : choisissez dans la liste un agent, un responsable d’équipe ou un membre de la direction dont le compte est actif.',
    designated_contact_not_allowed_role:
      'Le compte choisi a le rôle $t(roles.{{role}}), qui ne traite pas de dossiers : choisissez dans la liste un agent, un responsable d’équipe ou un membre de la direction dont le compte est actif.',
    designated_contact_not_allowed_invited:
      'Le compte choisi a été invité mais n’est pas encore actif : choisissez dans la liste un agent, un responsable d’équipe ou un membre de la direction dont le compte est actif.',
    designated_contact_not_allowed_disabled:
      'Le compte choisi est désactivé : choisissez dans la liste un agent, un responsable d’équipe ou un membre de la direction dont le compte est actif.',
    inbox_item_handled_filed: 'Cet élément a déjà été classé dans un dossier.',
    inbox_item_handled_case_opened: 'Un dossier a déjà été ouvert à partir de cet élément.',
    inbox_item_handled_reclassified: 'Cet élément a déjà été reclassé.',
    inbox_item_handled_dismissed: 'Cet élément a déjà été écarté.',
    invalid_command_case_exists: 'Le dossier {{reference}} existe déjà.',
    invalid_command_other_needs_reason:
      'Reclasser en « autre » nécessite une raison (signalement d’abus, litige sur un domaine, …).',
    invalid_command_root_cause: 'Choisissez une cause dans la liste ({{causes}}).',
    invalid_command_remedy_amount:
      'Écrivez le montant comme un nombre d’au plus deux décimales (25.50), avec une devise de trois lettres (EUR).',
    invalid_command_department_missing: 'Indiquez le service auquel transmettre la suggestion.',
    invalid_command_window_dates: 'Indiquez le premier et le dernier jour de la période.',
    invalid_command_merge_itself: 'Un dossier ne peut pas être fusionné avec lui-même.',
    invalid_command_merge_target_merged:
      '{{reference}} a lui-même été fusionné dans un autre dossier : fusionnez dans celui-là.',
    invalid_command_merge_kind:
      'Seuls des dossiers de même nature peuvent être fusionnés (celui-ci : $t(kinds.{{kind}})).',
    invalid_command_merge_other_person:
      '{{reference}} appartient à une autre fiche de réclamant : un doublon est la réclamation de la même personne. Si les deux fiches sont la même personne, fusionnez d’abord les fiches, puis les dossiers.',
    invalid_command_no_address:
      'Le réclamant du dossier {{reference}} n’a ni adresse e-mail joignable ni adresse postale : ajoutez une adresse sur la page du réclamant, puis réessayez.',
    invalid_command_letter_attachments:
      'Le réclamant du dossier {{reference}} n’a pas d’adresse e-mail : cette réponse est imprimée comme courrier, qui ne porte pas de pièces jointes. Envoyez-la sans elles et joignez les documents au courrier.',
    invalid_command_letter_waiting:
      'Un accusé de réception attend déjà d’être posté : indiquez plutôt qu’il a été posté.',
    invalid_command_letter_only_complainant: 'Seul un envoi au réclamant peut être renvoyé par courrier.',
    invalid_command_complainant_exists: 'Cette fiche de réclamant existe déjà.',
    invalid_command_email_not_one:
      '« {{email}} » n’est pas une adresse e-mail unique : indiquez une seule adresse, par exemple nom@example.org.',
    invalid_command_review_date_format: 'Indiquez la date de réexamen sous forme de date.',
    invalid_command_complainant_merge_itself:
      'Une fiche de réclamant ne peut pas être fusionnée avec elle-même.',
    invalid_command_complainant_target_merged:
      'L’autre fiche a elle-même été fusionnée dans une autre : fusionnez dans celle-là.',
    invalid_command_complainant_source_merged:
      'Cette fiche a été fusionnée dans une autre : fusionnez dans celle-là.',
    invalid_command_subject_required:
      'Désignez le réclamant par sa fiche ou son adresse e-mail (1 à {{max}} caractères).',
    invalid_command_several_complainants:
      'Plusieurs fiches de réclamant portent l’adresse {{address}} ({{records}}) : fusionnez-les, ou désignez-en une.',
    invalid_command_inbox_item_exists: 'Cet élément de la boîte de tri existe déjà.',
    invalid_command_complainant_email_invalid: 'Indiquez une seule adresse e-mail, comme nom@example.com.',
    invalid_command_sender_other_address:
      'Ce message vient de {{sender}} : un dossier ouvert à partir de lui est pour cette adresse. Pour le placer dans un dossier de {{given}}, classez-le dans ce dossier.',
    invalid_command_letter_not_undelivered:
      'Seul un e-mail au réclamant qui n’a pas été distribué est envoyé en courrier.',
    invalid_command_letter_fields: 'Le courrier ne peut pas être enregistré. {{problems}}',
    invalid_command_letter_arrived_future:
      'Le courrier ne peut pas être arrivé dans le futur ({{arrived}}) : vérifiez la date et l’heure d’arrivée.',
    invalid_command_letter_arrived_too_old:
      'La date d’arrivée {{arrived}} remonte à plus d’un an : vérifiez son année ; si le courrier est bien arrivé ce jour-là, confirmez cette date pour l’enregistrer.',
    invalid_command_letter_arrived_before_case:
      'Le courrier ne peut pas être arrivé le {{arrived}}, avant la réception du dossier {{reference}} ({{received}}) dont il rappelle la référence : vérifiez la date d’arrivée.',
    invalid_command_letter_domain:
      '« {{domain}} » n’est pas un nom de domaine : écrivez-le comme example.fr ou müller-bau.de.',
    invalid_command_letter_reference_unknown:
      'Aucun dossier ne porte la référence {{reference}} : vérifiez la référence indiquée sur le courrier.',
    invalid_command_letter_reference_other_complainant:
      '{{reference}} est le dossier d’un autre réclamant que {{email}}, qui est lui aussi enregistré : vérifiez la référence et l’adresse e-mail indiquées sur le courrier.',
    invalid_command_letter_empty:
      'Le courrier est vide : joignez-en le scan, ou indiquez le nom du réclamant ou ce que dit le courrier.',
    invalid_command_scan_empty: 'Le scan est un fichier vide : scannez à nouveau le courrier.',
    invalid_command_scan_type:
      'Le scan n’est ni un PDF ni une image ({{types}}) : scannez à nouveau le courrier.',
    invalid_command_scan_type_differs:
      'Le scan est un fichier {{found}}, et non {{given}} comme indiqué : envoyez-le avec son propre type.',
    invalid_command_scan_base64: 'Le scan n’est pas en base64 : encodez le fichier en base64.',
    invalid_command_scan_size:
      'Envoyez un seul scan d’au plus {{megabytes}} Mo, avec le courrier dans le champ « letter ».',
    invalid_command_letter_field: 'Indiquez le courrier sous forme d’objet JSON dans le champ « letter ».',
    invalid_command_letter_as_file:
      "Envoyez le JSON du courrier comme texte du champ « letter », et non comme fichier : le seul fichier est le scan (avec curl : -F 'letter=<letter.json', avec <, pas @).",
    invalid_command_complaint_fields: 'La réclamation ne peut pas être reçue. {{problems}}',
    invalid_command_complaint_domains:
      'Pas un nom de domaine : {{domains}}. Écrivez-le comme example.fr ou müller-bau.de.',
    invalid_command_complaint_reference:
      '« {{reference}} » n’est pas une référence de dossier (comme RC-2026-000123).',
    invalid_command_complaint_email: 'Indiquez une adresse e-mail, afin que nous puissions répondre.',
    invalid_command_idempotency_key_reused:
      'Cette clé Idempotency-Key a servi pour une autre réclamation : utilisez une nouvelle clé.',
    invalid_command_attachment_type: '« {{name}} » n’est pas un fichier PDF, PNG ou JPEG.',
    invalid_command_category_unknown:
      '« {{category}} » n’est pas une catégorie : choisissez parmi {{categories}}.',
    invalid_command_department_unknown:
      'Il n’y a pas de service « {{department}} » : choisissez parmi {{departments}}.',
    invalid_command_duplicate_unknown:
      'Aucun dossier ne porte la référence {{reference}} : vérifiez la référence du doublon.',
    invalid_command_template_invalid: 'Le texte ne peut pas être enregistré. {{problems}}',
    invalid_command_no_snippet: 'Ce paragraphe n’existe pas.',
    invalid_command_snippet_retired_change:
      'Un paragraphe retiré ne peut plus être modifié : ajoutez-en un nouveau.',
    invalid_command_snippet_changed_meanwhile:
      'Un collègue a modifié ce paragraphe entre-temps, après que vous l’avez ouvert ; votre texte n’a pas été enregistré. Il est repris ci-dessous : comparez-le avec le sien dans la liste, puis enregistrez de nouveau s’il doit le remplacer.',
    invalid_command_template_changed_meanwhile:
      'Un collègue a enregistré entre-temps la version {{version}} de ce texte, après que vous l’avez ouvert ; votre texte n’a pas été enregistré. Il est repris ci-dessous : comparez-le avec la version {{version}}, puis enregistrez de nouveau s’il doit la remplacer.',
    invalid_command_owner_changed_meanwhile:
      'Laissé tel quel : un collègue a changé entre-temps le responsable de ce dossier, après l’affichage de la liste. Ouvrez-le pour voir qui le traite maintenant.',
    invalid_command_category_changed_meanwhile:
      'Laissé tel quel : un collègue a changé entre-temps la catégorie de ce dossier, après l’affichage de la liste. Ouvrez-le pour voir sa catégorie actuelle.',
    invalid_command_case_changed_meanwhile:
      'Rien n’a été fait : un collègue est intervenu sur ce dossier après l’ouverture de votre page ({{changes}}). La page montre maintenant le dossier tel qu’il est, et ce que vous aviez saisi est conservé dans le formulaire : vérifiez-le, puis envoyez de nouveau s’il convient toujours.',
    invalid_command_snippet_variable:
      'Un paragraphe est inséré dans la réponse tel qu’il est écrit : {{variable}} parviendrait tel quel au réclamant. Écrivez les mots eux-mêmes ; la salutation, la référence et la signature sont ajoutées à chaque réponse.',
    invalid_command_addition_too_long: 'Le message est trop long : raccourcissez-le, ou joignez-le en PDF.',
    invalid_command_addition_too_large:
      'Les documents dépassent ensemble ce qu’un message peut porter ({{bytes}} octets) : envoyez-en moins, ou des fichiers plus petits.',
    invalid_command_attachments_limits:
      'Joignez au plus {{count}} fichiers, de {{megabytes}} Mo chacun au plus et de {{bytes}} octets au plus ensemble, ce qu’un seul e-mail au réclamant peut porter. Rien n’a été envoyé.',
    invalid_command_documents_limits:
      'Envoyez au plus {{count}} documents, de {{megabytes}} Mo chacun au plus et de {{bytes}} octets au plus ensemble, ce qu’un seul message peut porter. Rien n’a été enregistré : merci de les envoyer à nouveau dans ces limites.',
  },
};
