// The sentence of each refusal of the procedure, in English: errors.<code>_<context>, one for every refusal
// REFUSAL_CONTEXTS (src/core/case/refusal.ts) names, with the values it carries. A refusal added there without its
// sentence here (and in French and German) does not type-check.
import type { RefusalKey } from '../../../core/case/refusal.ts';

export const refusalsEn: { errors: Record<RefusalKey, string> } = {
  errors: {
    case_not_found_case: 'There is no such case.',
    case_not_found_reference: 'There is no case {{reference}}: check the reference.',
    case_not_found_complainant: 'There is no such complainant record.',
    case_not_found_inbox_item: 'There is no such item in the inbox.',
    case_not_found_inbox_correspondence: 'The message of this inbox item can no longer be found.',
    case_not_found_complainant_address: 'No complainant record has the address {{address}}.',
    case_not_found_complainant_address_unknown:
      'No complainant record has the address {{address}}, and no message in the inbox came from it: check the address, or name the complainant by their record.',
    case_not_found_no_case_to_write:
      'This complainant has no case yet, so there is no case to write to them about.',
    case_not_found_template: 'There is no such text.',
    case_not_found_template_preview_case: 'There is no case with this reference.',
    case_closed_reopen_first: 'The case is closed: reopen it first.',
    case_closed_already_closed: 'The case is already closed.',
    case_closed_merged: 'This case was already merged into another case: act on that one.',
    case_closed_merged_reclassify: 'This case was merged into another: reclassify that case instead.',
    case_closed_merge_target_closed:
      '{{reference}} is closed: reopen it first, or merge it into this case instead.',
    case_closed_merge_survivor_closed:
      '{{reference}} is closed: reopen it first, or merge it into {{source}} instead.',
    case_not_closed_reopen: 'The case is open: only a closed case is reopened.',
    not_a_complaint_request_information: 'Missing information is asked for on complaints only.',
    not_a_complaint_answer: 'Only a complaint receives a definitive answer.',
    not_a_complaint_escalate: 'Only a complaint can be escalated to step 2.',
    not_a_complaint_renew_promise: 'Only a complaint has an answer date to promise.',
    not_a_complaint_extend: 'Only a complaint has an answer date to extend.',
    not_a_complaint_extend_now:
      'This case cannot be extended now: only an open complaint that is not yet answered can be, before its answer date.',
    not_a_suggestion_forward: 'Only a suggestion is forwarded to a department.',
    not_a_suggestion_department_acknowledge:
      'Only a suggestion forwarded to a department can be taken up by it.',
    not_a_suggestion_mark_done: 'Only a suggestion forwarded to a department can be marked done.',
    not_acknowledgeable_other: 'A case of the kind “other” receives no acknowledgement.',
    already_acknowledged_at: 'The case was acknowledged on {{at}}.',
    already_answered_at: 'The case was answered on {{at}}.',
    already_answered_request_information:
      'The case is already answered: missing information is no longer asked for.',
    already_answered_renew_promise: 'The case is already answered: there is no answer date left to promise.',
    already_answered_extend: 'The case is already answered: its answer date can no longer be extended.',
    not_answered_escalate: 'Staff escalate a step-1 case only after its answer (P5.1): answer it first.',
    not_step_1_escalate: 'Only a step-1 case can be escalated to step 2.',
    already_escalated_kind: 'The case was escalated to step 2: its kind can no longer change.',
    already_escalated_step2: 'The case has already been escalated to step 2: act on its step-2 case.',
    answer_by_passed_extension:
      'The answer was due by {{answerByDate}}: an extension must be told before then (P4.3).',
    window_reversed_extension:
      'The window ends ({{windowEnd}}) before it starts ({{windowStart}}): choose a last date after the first.',
    window_starts_before_answer_date_extension:
      'The window starts on {{windowStart}}, before the answer date already given to the complainant ({{answerByDate}}): an extension moves the answer later, so choose a first date from {{earliestStart}}.',
    window_starts_in_past_extension:
      'The window starts on {{windowStart}}, before today ({{today}}): choose a first date from {{earliestStart}}.',
    window_not_later_extension: 'The window must end after the current answer date ({{answerByDate}}).',
    window_end_not_working_day_extension:
      'The last date of the window ({{windowEnd}}) is not a working day: choose a working day, such as {{nextWorkingDay}}.',
    window_start_not_working_day_extension:
      'The first date of the window ({{windowStart}}) is not a working day: choose a working day, such as {{nextWorkingDay}}.',
    window_too_far_extension:
      'The window may end at most {{workingDays}} working days after the answer date in force ({{answerByDate}}): choose a last date no later than {{latestEnd}}.',
    same_value_kind: 'Nothing changed: the case is already of this kind ($t(kinds.{{kind}})).',
    same_value_owner: 'Nothing changed: the case already has this owner.',
    same_value_category: 'Nothing changed: the case already has this category.',
    same_value_department: 'Nothing changed: the suggestion is already with {{department}}.',
    same_value_department_acknowledged: 'The department has already taken up this suggestion.',
    same_value_suggestion_done: 'The suggestion is already done.',
    same_value_merged_here: '{{reference}} is already merged into this case.',
    same_value_answer_date_ahead: 'The answer date ({{answerByDate}}) is still ahead.',
    same_value_language: 'the case is already written in $t(languages.{{language}}).',
    same_value_address_known: 'give an e-mail or postal address the complainant does not have yet.',
    same_value_flagged: 'Nothing changed: the case is already flagged.',
    same_value_not_flagged: 'Nothing changed: the case is not flagged.',
    same_value_step2_linked: 'Nothing changed: this step-2 case is already linked.',
    same_value_same_complainant: 'Nothing changed: the case already belongs to this complainant.',
    same_value_deadline_told:
      'The deadline cannot be recomputed: only an open complaint whose answer date has not been told to the complainant yet (not acknowledged, answered or extended) has one to recompute.',
    same_value_deadline_unchanged: 'Nothing changed: recomputed, the deadline stays the same.',
    same_value_complainant_details: 'Nothing changed: the complainant’s details are already these.',
    same_value_unreachable: 'Nothing changed: the complainant is already marked unreachable by e-mail.',
    same_value_reachable: 'Nothing changed: the complainant is reachable by e-mail.',
    same_value_complainant_merged:
      'This complainant record was already merged into another: act on that one.',
    same_value_snippet_retired: 'Nothing changed: the snippet is already retired.',
    empty_text_note: 'Write the text of the note.',
    empty_text_close_reason: 'Give the reason for closing the case.',
    empty_text_reopen_reason: 'Give the reason for reopening the case.',
    empty_text_extension_reason: 'Give the reason for the extension: the complainant is told it (P4.3).',
    empty_text_reply: 'Write the text of the reply.',
    empty_text_restriction_reason: 'A restriction is a recorded decision: give its reason (P8.3).',
    empty_text_lift_reason: 'Give the reason for lifting the restriction.',
    empty_text_dismiss_reason: 'Give the reason for dismissing this item.',
    empty_text_erasure_reason:
      'An erasure request needs a reason of 3 to 2000 characters: whose request, when, and how it came.',
    empty_text_legal_hold_reason: 'A legal hold needs a reason of at least 3 characters.',
    same_value_letter_posted: 'This letter was already marked as posted on {{at}}: nothing was changed.',
    same_value_letter_printed:
      'This e-mail was printed as a letter already: the letter is on the case, to post or posted.',
    no_such_letter_not_waiting: 'This letter is not waiting to be posted on this case.',
    no_such_letter_not_on_case: 'This letter is not on this case.',
    restriction_active_kind:
      'A restriction “$t(staff.restrictionKinds.{{restriction}})” is already in force: lift it first to change it.',
    no_such_restriction_not_in_force: 'This restriction is not in force (it may have been lifted already).',
    review_date_in_past_review: 'The review date ({{reviewBy}}) must be after today ({{today}}).',
    designated_contact_required_restriction:
      'Name the designated contact: the staff member who handles every case of this complainant.',
    designated_contact_not_allowed_no_account:
      'There is no such staff account to name as designated contact: choose an active agent, team lead or member of management from the list.',
    designated_contact_not_allowed_role:
      'The account named has the role $t(roles.{{role}}), which handles no case: choose an active agent, team lead or member of management from the list.',
    designated_contact_not_allowed_invited:
      'The account named has been invited but is not active yet: choose an active agent, team lead or member of management from the list.',
    designated_contact_not_allowed_disabled:
      'The account named is disabled: choose an active agent, team lead or member of management from the list.',
    inbox_item_handled_filed: 'This item was already filed onto a case.',
    inbox_item_handled_case_opened: 'A case was already opened from this item.',
    inbox_item_handled_reclassified: 'This item was already reclassified.',
    inbox_item_handled_dismissed: 'This item was already dismissed.',
    invalid_command_case_exists: 'The case {{reference}} already exists.',
    invalid_command_other_needs_reason:
      'Reclassifying as “other” needs a reason (abuse report, domain dispute, …).',
    invalid_command_root_cause: 'Choose a root cause from the list ({{causes}}).',
    invalid_command_remedy_amount:
      'Write the amount as a number with at most two decimals (25.50), with a three-letter currency (EUR).',
    invalid_command_department_missing: 'Name the department to forward the suggestion to.',
    invalid_command_window_dates: 'Give the first and the last date of the window.',
    invalid_command_merge_itself: 'A case cannot be merged into itself.',
    invalid_command_merge_target_merged:
      '{{reference}} was itself merged into another case: merge into that one.',
    invalid_command_merge_kind: 'Only cases of the same kind can be merged (this one: $t(kinds.{{kind}})).',
    invalid_command_merge_other_person:
      '{{reference}} belongs to another complainant record: a duplicate is the same person’s complaint. If both records are the same person, merge the complainant records first, then the cases.',
    invalid_command_no_address:
      'The complainant of {{reference}} has no e-mail address that mail can go to and no postal address: add an address on the complainant’s page, then try again.',
    invalid_command_letter_attachments:
      'The complainant of {{reference}} has no e-mail address, so this reply is printed as a letter, which carries no attached files: send it without them and post the documents with the letter.',
    invalid_command_letter_waiting:
      'An acknowledgement letter is already waiting to be posted: mark it posted instead.',
    invalid_command_letter_only_complainant: 'Only mail to a complainant can be sent again as a letter.',
    invalid_command_complainant_exists: 'This complainant record already exists.',
    invalid_command_email_not_one:
      '“{{email}}” is not one e-mail address: write a single address, such as name@example.org.',
    invalid_command_review_date_format: 'Give the review date as a date.',
    invalid_command_complainant_merge_itself: 'A complainant record cannot be merged into itself.',
    invalid_command_complainant_target_merged:
      'The other record was itself merged into another: merge into that one.',
    invalid_command_complainant_source_merged: 'This record was merged into another: merge into that one.',
    invalid_command_subject_required:
      'Name the complainant by their record or e-mail address (1 to {{max}} characters).',
    invalid_command_several_complainants:
      'Several complainant records have the address {{address}} ({{records}}): merge them, or name one of them.',
    invalid_command_inbox_item_exists: 'This inbox item already exists.',
    invalid_command_complainant_email_invalid: 'Write one e-mail address, like name@example.com.',
    invalid_command_sender_other_address:
      'This message comes from {{sender}}: a case opened from it is for that address. To put it on a case of {{given}}, file it onto that case.',
    invalid_command_letter_not_undelivered:
      'Only an e-mail to the complainant that was not delivered is sent as a letter.',
    invalid_command_letter_fields: 'The letter cannot be registered. {{problems}}',
    invalid_command_letter_arrived_future:
      'The letter cannot have arrived in the future ({{arrived}}): check the date and time of arrival.',
    invalid_command_letter_arrived_too_old:
      'The date of arrival {{arrived}} is more than a year ago: check its year; if the letter did arrive then, confirm that date to register it.',
    invalid_command_letter_arrived_before_case:
      'The letter cannot have arrived on {{arrived}}, before case {{reference}} was received ({{received}}), whose reference it quotes: check the date of arrival.',
    invalid_command_letter_domain:
      '“{{domain}}” is not a domain name: write it like example.de or müller-bau.de.',
    invalid_command_letter_reference_unknown:
      'There is no case {{reference}}: check the reference on the letter.',
    invalid_command_letter_reference_other_complainant:
      '{{reference}} is the case of another complainant than {{email}}, who is on record too: check the reference and the e-mail address on the letter.',
    invalid_command_letter_empty:
      'The letter is empty: attach its scan, or give the complainant’s name or what the letter says.',
    invalid_command_scan_empty: 'The scan is an empty file: scan the letter again.',
    invalid_command_scan_type: 'The scan is neither a PDF nor an image ({{types}}): scan the letter again.',
    invalid_command_scan_type_differs:
      'The scan is a {{found}} file, not {{given}} as given: send it with its own type.',
    invalid_command_scan_base64: 'The scan is not in base64: encode the file in base64.',
    invalid_command_scan_size:
      'Send one scan of at most {{megabytes}} MB, with the letter in the field “letter”.',
    invalid_command_letter_field: 'Give the letter as a JSON object in the field “letter”.',
    invalid_command_letter_as_file:
      "Send the letter’s JSON as the text of the field “letter”, not as a file; the one file is the scan (with curl: -F 'letter=<letter.json', with <, not @).",
    invalid_command_complaint_fields: 'The complaint cannot be received. {{problems}}',
    invalid_command_complaint_domains:
      'Not a domain name: {{domains}}. Write it like example.de or müller-bau.de.',
    invalid_command_complaint_reference: '“{{reference}}” is not a case reference (like RC-2026-000123).',
    invalid_command_complaint_email: 'Give an e-mail address, so that we can answer.',
    invalid_command_idempotency_key_reused:
      'This Idempotency-Key was used for a different complaint: use a new key.',
    invalid_command_attachment_type: '“{{name}}” is not a PDF, PNG or JPEG file.',
    invalid_command_category_unknown: '“{{category}}” is not a category: choose one of {{categories}}.',
    invalid_command_department_unknown:
      'There is no department “{{department}}”: choose one of {{departments}}.',
    invalid_command_duplicate_unknown:
      'There is no case {{reference}}: check the reference of the duplicate.',
    invalid_command_template_invalid: 'The text cannot be saved. {{problems}}',
    invalid_command_no_snippet: 'There is no such snippet.',
    invalid_command_snippet_retired_change: 'A retired snippet cannot be changed: add a new one.',
    invalid_command_snippet_changed_meanwhile:
      'A colleague changed this snippet meanwhile, after you opened it; your text was not saved. It is shown below: compare it with theirs in the list, then save again if it should replace theirs.',
    invalid_command_template_changed_meanwhile:
      'A colleague saved version {{version}} of this text meanwhile, after you opened it; your text was not saved. It is shown below: compare it with version {{version}}, then save again if it should replace it.',
    invalid_command_owner_changed_meanwhile:
      'Left as it was: a colleague changed who handles this case meanwhile, after the list was shown. Open it to see who has it now.',
    invalid_command_category_changed_meanwhile:
      'Left as it was: a colleague changed the category of this case meanwhile, after the list was shown. Open it to see its category now.',
    invalid_command_case_changed_meanwhile:
      'Nothing was done: a colleague acted on this case after you opened the page ({{changes}}). The page now shows the case as it is, with what you typed kept in the form: check it, then send again if it is still right.',
    invalid_command_snippet_variable:
      'A snippet is inserted into the reply as written: {{variable}} would reach the complainant as it stands. Write the words themselves; the greeting, the reference and the signature are added to every reply.',
    invalid_command_addition_too_long: 'The message is too long: shorten it, or attach it as a PDF.',
    invalid_command_addition_too_large:
      'The documents together are larger than one message may carry ({{bytes}} bytes): send fewer or smaller files.',
    invalid_command_attachments_limits:
      'Attach at most {{count}} files, each of at most {{megabytes}} MB and together at most {{bytes}} bytes, which is what one e-mail to the complainant can carry. Nothing was sent.',
    invalid_command_documents_limits:
      'Send at most {{count}} documents, each of at most {{megabytes}} MB and together of at most {{bytes}} bytes, which is what one message can carry. Nothing has been recorded: please send them again within these limits.',
  },
};
