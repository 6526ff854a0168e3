// English texts of Redress's correspondence, written for Redress (P8.1: courteous, plain, no jargon).
import type { LocaleTexts } from '../template-kinds.ts';

const signature = `Kind regards,
{{team}}
{{organisation}}`;

export const en: LocaleTexts = {
  labels: {
    greetingNamed: 'Dear {{name}},',
    greetingAnonymous: 'Dear Sir or Madam,',
    team: { complaints: 'Complaints team', management: 'Management', suggestions: 'Customer feedback team' },
    missing: {
      name: 'your full name',
      contact: 'how we can reach you (an e-mail address or a postal address)',
      description:
        'a precise description of what happened, with dates, ticket numbers or domain names where there are any',
      expectations: 'what you would like us to do to put things right',
      marker:
        'for your next messages: the words "{{marker}}" in the subject line, so that they reach us directly',
    },
    digest: {
      acknowledgeDue: 'acknowledgement due by {{due}}',
      acknowledgeOverdue: 'acknowledgement overdue since {{due}}',
      answerDueSoon: 'answer due by {{due}}',
      answerOverdue: 'answer overdue since {{due}}',
      extensionLastDay: 'last day to answer or to send an extension notice: {{due}}',
      lettersToPost: 'letter waiting to be posted',
      restrictionReview: 'a restriction on {{name}} is due for review ({{due}}): keep it or lift it',
      hidden: 'subject not shown: your role does not give access to cases',
    },
    letter: { reference: 'Your reference', date: 'Date', page: 'Page {{n}} of {{total}}' },
  },
  templates: {
    acknowledgement: {
      subject:
        '[{{reference}}] {{#step2}}Your request to our management has been received{{/step2}}{{^step2}}We have received your complaint{{/step2}}',
      body: `{{greeting}}

Thank you for writing to us. {{#step2}}Your request for a review by our management (step 2) reached us on {{receivedDate}}{{#step1Reference}}; it follows on from case {{step1Reference}}{{/step1Reference}}.{{/step2}}{{^step2}}Your complaint reached us on {{receivedDate}} and has been registered.{{/step2}}

Your reference: {{reference}}
Please quote it whenever you write to us about this matter.

You will receive our definitive answer by {{answerByDate}} at the latest. Should we need more time to look into it properly, we will let you know before that date, with the reason and the period in which you can expect our answer.
{{#caseLink}}

You can follow your case, see the dates we have promised and send us documents on your own page:
{{caseLink}}
This link is personal: please do not share it.
{{/caseLink}}
{{#missing}}

To examine your complaint fully, we still need:
{{missing}}

{{#byEmail}}You can simply reply to this message with the information; please keep the reference in the subject line.{{/byEmail}}{{^byEmail}}You can send it to us by post, quoting the reference above, at:
{{complaintsAddress}}{{/byEmail}}{{#clockPaused}}

The working days until we receive it are added to the date of our answer; we will tell you the new date then.{{/clockPaused}}
{{/missing}}

${signature}`,
    },
    information_request: {
      subject: '[{{reference}}] A few details we still need',
      body: `{{greeting}}

Thank you again for your message about case {{reference}}. So that we can give you a complete answer, could you please send us the following:
{{missing}}
{{#note}}

{{note}}
{{/note}}

{{#byEmail}}The easiest way is to reply to this message; please keep the reference in the subject line.{{/byEmail}}{{^byEmail}}Please write to us, quoting the reference {{reference}}, at:
{{complaintsAddress}}{{/byEmail}}

{{^clockPaused}}This request does not delay our answer: we still intend to reply by {{answerByDate}}.{{/clockPaused}}{{#clockPaused}}Our answer is due by {{answerByDate}}; the working days until your reply reaches us are added to that date, and we will tell you the new one when it arrives.{{/clockPaused}}

${signature}`,
    },
    extension_notice: {
      subject: '[{{reference}}] Our answer will take a little longer',
      body: `{{greeting}}

We are still examining your complaint {{reference}} and want to give you a well-founded answer. This needs more time than planned, for the following reason:

{{reason}}

You can expect our definitive answer between {{windowStart}} and {{windowEnd}}. We apologise for the wait and thank you for your patience.

${signature}`,
    },
    answer_date_moved: {
      subject: '[{{reference}}] Your complaint: our new answer date',
      body: `{{greeting}}

Thank you for sending us the information we asked for about your complaint {{reference}}.

While we were waiting for it, {{#oneDayWaited}}one of our working days passed{{/oneDayWaited}}{{^oneDayWaited}}{{daysWaited}} of our working days passed{{/oneDayWaited}}. As we do in such cases, we have added this time to the time we take to answer: you can now expect our definitive answer by {{answerByDate}} (instead of {{previousAnswerByDate}}).

We are continuing our examination and will write to you as soon as we can.

${signature}`,
    },
    answer: {
      subject: '[{{reference}}] Our answer to your complaint',
      body: `{{greeting}}

We have completed our examination of your complaint {{reference}}, received on {{receivedDate}}.

{{#upheld}}Our conclusion: your complaint is upheld.{{/upheld}}{{#partlyUpheld}}Our conclusion: your complaint is partly upheld.{{/partlyUpheld}}{{#notUpheld}}Our conclusion: after careful review, we are unable to uphold your complaint.{{/notUpheld}}

{{text}}
{{#remedy}}

What we will do to put things right:
{{remedy}}
{{/remedy}}

{{#afterStep1}}If you are not satisfied with this answer, you can ask our management to review your complaint (step 2). Please send a letter by post to:
{{managementAddress}}
with the title "{{step2Marker}}" and the reference {{reference}}.{{#step2ByEmail}} You may also write to {{managementEmail}} with that title in the subject line.{{/step2ByEmail}}{{/afterStep1}}{{#afterStep2}}This answer concludes our internal complaints procedure.
{{disputeResolution}}{{/afterStep2}}

${signature}`,
    },
    step2_by_post: {
      subject: '[{{reference}}] How to ask our management to review your complaint',
      body: `{{greeting}}

Thank you for your message of {{messageDate}}. {{^firstComplaint}}We understand that you would like our management to review your complaint {{reference}} (step 2).

A request for step 2 is accepted by post. Please send a letter to:
{{managementAddress}}
with the title "{{step2Marker}}" and the reference {{reference}}. Your request will be registered and acknowledged as soon as the letter arrives.

Your message has been added to your case file, so nothing you wrote is lost.{{/firstComplaint}}{{#firstComplaint}}You asked for a review by our management (step 2), but we have no earlier complaint from you on file. So that nothing is lost, we have registered your message as a complaint under the reference {{reference}}: our complaints team examines it first (step 1), and a separate acknowledgement tells you by when to expect our answer.

Should that answer not satisfy you, you may then ask our management to review it. Such a request is accepted by post: please send a letter to:
{{managementAddress}}
with the title "{{step2Marker}}" and the reference {{reference}}.

If you wrote to us before from another address or under another reference, just reply to this message with that reference and we will bring the two together.{{/firstComplaint}}

${signature}`,
    },
    suggestion_thanks: {
      subject: '[{{reference}}] Thank you for your suggestion',
      body: `{{greeting}}

Thank you for taking the time to share your ideas with us. We have recorded your message under the reference {{reference}} and passed it on to the team concerned, who will look at it carefully.

Feedback like yours helps us improve our services.

${signature}`,
    },
    restriction_notice: {
      subject: '[{{reference}}] How we will stay in touch with you',
      body: `{{greeting}}

We are writing to let you know how we will communicate with you from now on.
{{#writtenOnly}}
We will correspond with you in writing only, by e-mail or by letter; we will not call you.
{{/writtenOnly}}
{{#designatedContact}}
All your cases will be handled by {{contactName}}, and all correspondence will go through this person.
{{/designatedContact}}
{{#serviceRefused}}
We are no longer able to provide our other services to you.
{{/serviceRefused}}

Your complaints will still be received, acknowledged and answered within the time limits of our complaints procedure. We will review this arrangement by {{reviewDate}}.

${signature}`,
    },
    department_forward: {
      subject: '[{{reference}}] Suggestion for {{department}}',
      body: `Hello,

A suggestion received on {{receivedDate}} has been forwarded to {{department}}.
{{#note}}
Note from the complaints team: {{note}}
{{/note}}

----
{{text}}
----

Please confirm that you have taken it up, and mark it done once handled: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_digest: {
      subject: 'Redress: {{count}} case(s) to look at today, {{date}}',
      body: `Good morning,

These cases need attention ({{date}}):

{{items}}

Redress, {{organisation}}`,
    },
    staff_breach: {
      subject:
        '[{{reference}}] Deadline passed: {{#acknowledgementLate}}acknowledgement{{/acknowledgementLate}}{{#answerLate}}definitive answer{{/answerLate}}',
      body: `Hello,

The {{#acknowledgementLate}}acknowledgement{{/acknowledgementLate}}{{#answerLate}}definitive answer{{/answerLate}} of case {{reference}} ("{{caseSubject}}") was due by {{due}} and has not been sent.

Open the case: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_at_risk: {
      subject: '[{{reference}}] Acknowledgement not given yet, due by {{due}}',
      body: `Hello,

The acknowledgement of case {{reference}} ("{{caseSubject}}") has not reached the complainant yet. It is due by {{due}}.

{{#notSent}}It was written, but the mail server has not taken it: the server cannot be reached or refuses it, or the complainant's address was refused. Please look at the case's correspondence and, if need be, acknowledge the complaint another way (by letter, or at another address).{{/notSent}}{{#waitsForPerson}}It is not sent automatically for this case: it waits for someone to send it or to post its letter (the complainant's designated contact, for instance).{{/waitsForPerson}}

Open the case: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_new_reply: {
      subject: '[{{reference}}] New message on your case',
      body: `Hello,

A new message from {{from}} has been filed on case {{reference}} ("{{caseSubject}}").

Open the case: {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_assigned: {
      subject: '[{{reference}}] Case assigned to you',
      body: `Hello,

Case {{reference}} ("{{caseSubject}}") has been assigned to you.{{#answerByDate}} The definitive answer is due by {{answerByDate}}.{{/answerByDate}}

Open the case: {{caseUrl}}

Redress, {{organisation}}`,
    },
  },
};
