// Textes français de la correspondance de Redress, rédigés pour Redress (P8.1 : courtois, clairs, sans jargon).
import type { LocaleTexts } from '../template-kinds.ts';

const signature = `Avec nos salutations distinguées,
{{team}}
{{organisation}}`;

export const fr: LocaleTexts = {
  labels: {
    greetingNamed: 'Bonjour {{name}},',
    greetingAnonymous: 'Madame, Monsieur,',
    team: {
      complaints: 'Le service réclamations',
      management: 'La direction',
      suggestions: 'Le service relations clients',
    },
    missing: {
      name: 'vos nom et prénom',
      contact: 'un moyen de vous joindre (adresse e-mail ou adresse postale)',
      description:
        'une description précise de ce qui s’est passé, avec les dates, numéros de ticket ou noms de domaine s’il y en a',
      expectations: 'ce que vous attendez de notre part pour régler la situation',
      marker:
        'pour vos prochains messages : la mention « {{marker}} » dans l’objet, afin qu’ils nous parviennent directement',
    },
    digest: {
      acknowledgeDue: 'accusé de réception à envoyer avant le {{due}}',
      acknowledgeOverdue: 'accusé de réception en retard depuis le {{due}}',
      answerDueSoon: 'réponse due le {{due}}',
      answerOverdue: 'réponse en retard depuis le {{due}}',
      extensionLastDay: 'dernier jour pour répondre ou annoncer une prolongation : {{due}}',
      lettersToPost: 'courrier en attente d’envoi postal',
      restrictionReview:
        'une restriction visant {{name}} est à réexaminer ({{due}}) : la maintenir ou la lever',
      hidden: 'objet non affiché : votre rôle ne donne pas accès aux dossiers',
    },
    letter: { reference: 'Votre référence', date: 'Date', page: 'Page {{n}} sur {{total}}' },
  },
  templates: {
    acknowledgement: {
      subject:
        '[{{reference}}] {{#step2}}Votre demande auprès de notre direction est bien enregistrée{{/step2}}{{^step2}}Nous avons bien reçu votre réclamation{{/step2}}',
      body: `{{greeting}}

Nous vous remercions de nous avoir écrit. {{#step2}}Votre demande d’examen par notre direction (étape 2) nous est parvenue le {{receivedDate}}{{#step1Reference}} ; elle fait suite au dossier {{step1Reference}}{{/step1Reference}}.{{/step2}}{{^step2}}Votre réclamation nous est parvenue le {{receivedDate}} et a été enregistrée.{{/step2}}

Votre référence : {{reference}}
Merci de la rappeler dans chacun de vos échanges à ce sujet.

Vous recevrez notre réponse définitive au plus tard le {{answerByDate}}. Si l’examen de votre dossier demande davantage de temps, nous vous en informerons avant cette date, en précisant la raison et la période pendant laquelle vous pourrez attendre notre réponse.
{{#caseLink}}

Vous pouvez suivre votre dossier, retrouver les dates que nous vous avons indiquées et nous transmettre des documents sur votre page personnelle :
{{caseLink}}
Ce lien vous est réservé : merci de ne pas le communiquer à d’autres personnes.
{{/caseLink}}
{{#missing}}

Pour examiner pleinement votre réclamation, il nous manque encore :
{{missing}}

{{#byEmail}}Il vous suffit de répondre à ce message en ajoutant ces informations ; merci de conserver la référence dans l’objet.{{/byEmail}}{{^byEmail}}Vous pouvez nous les adresser par courrier, en rappelant la référence ci-dessus, à l’adresse suivante :
{{complaintsAddress}}{{/byEmail}}{{#clockPaused}}

Les jours ouvrés qui s’écouleront jusqu’à leur réception s’ajouteront à la date de notre réponse ; nous vous indiquerons alors la nouvelle date.{{/clockPaused}}
{{/missing}}

${signature}`,
    },
    information_request: {
      subject: '[{{reference}}] Quelques précisions nous manquent',
      body: `{{greeting}}

Merci encore pour votre message concernant le dossier {{reference}}. Afin de vous apporter une réponse complète, pourriez-vous nous transmettre les éléments suivants :
{{missing}}
{{#note}}

{{note}}
{{/note}}

{{#byEmail}}Le plus simple est de répondre à ce message ; merci de conserver la référence dans l’objet.{{/byEmail}}{{^byEmail}}Merci de nous écrire, en rappelant la référence {{reference}}, à l’adresse suivante :
{{complaintsAddress}}{{/byEmail}}

{{^clockPaused}}Cette demande ne retarde pas notre réponse : nous comptons toujours vous répondre d’ici le {{answerByDate}}.{{/clockPaused}}{{#clockPaused}}Notre réponse est prévue d’ici le {{answerByDate}} ; les jours ouvrés qui s’écouleront jusqu’à réception de votre réponse s’ajouteront à cette date, et nous vous indiquerons alors la nouvelle date.{{/clockPaused}}

${signature}`,
    },
    extension_notice: {
      subject: '[{{reference}}] Notre réponse demande un peu plus de temps',
      body: `{{greeting}}

Nous poursuivons l’examen de votre réclamation {{reference}} et tenons à vous apporter une réponse bien fondée. Cela nous demande plus de temps que prévu, pour la raison suivante :

{{reason}}

Vous recevrez notre réponse définitive entre le {{windowStart}} et le {{windowEnd}}. Nous vous prions de nous excuser pour ce délai et vous remercions de votre patience.

${signature}`,
    },
    answer_date_moved: {
      subject: '[{{reference}}] Votre réclamation : notre nouvelle date de réponse',
      body: `{{greeting}}

Nous vous remercions de nous avoir transmis les informations demandées au sujet de votre réclamation {{reference}}.

Pendant que nous les attendions, {{#oneDayWaited}}un de nos jours ouvrés s’est écoulé{{/oneDayWaited}}{{^oneDayWaited}}{{daysWaited}} de nos jours ouvrés se sont écoulés{{/oneDayWaited}}. Comme nous le faisons dans ce cas, nous avons ajouté ce temps au délai de notre réponse : vous recevrez notre réponse définitive au plus tard le {{answerByDate}} (au lieu du {{previousAnswerByDate}}).

Nous poursuivons l’examen de votre réclamation et reviendrons vers vous dès que possible.

${signature}`,
    },
    answer: {
      subject: '[{{reference}}] Notre réponse à votre réclamation',
      body: `{{greeting}}

Nous avons terminé l’examen de votre réclamation {{reference}}, reçue le {{receivedDate}}.

{{#upheld}}Notre conclusion : votre réclamation est fondée.{{/upheld}}{{#partlyUpheld}}Notre conclusion : votre réclamation est en partie fondée.{{/partlyUpheld}}{{#notUpheld}}Notre conclusion : après un examen attentif, nous ne pouvons pas donner suite à votre réclamation.{{/notUpheld}}

{{text}}
{{#remedy}}

Ce que nous faisons pour y remédier :
{{remedy}}
{{/remedy}}

{{#afterStep1}}Si cette réponse ne vous satisfait pas, vous pouvez demander à notre direction de réexaminer votre réclamation (étape 2). Merci d’adresser pour cela un courrier postal à :
{{managementAddress}}
portant le titre « {{step2Marker}} » et la référence {{reference}}.{{#step2ByEmail}} Vous pouvez aussi écrire à {{managementEmail}} avec ce titre dans l’objet.{{/step2ByEmail}}{{/afterStep1}}{{#afterStep2}}Cette réponse clôt notre procédure interne de réclamation.
{{disputeResolution}}{{/afterStep2}}

${signature}`,
    },
    step2_by_post: {
      subject: '[{{reference}}] Comment demander un réexamen par notre direction',
      body: `{{greeting}}

Merci pour votre message du {{messageDate}}. {{^firstComplaint}}Nous comprenons que vous souhaitez que notre direction réexamine votre réclamation {{reference}} (étape 2).

Une demande d’étape 2 se fait par courrier postal. Merci d’adresser une lettre à :
{{managementAddress}}
portant le titre « {{step2Marker}} » et la référence {{reference}}. Votre demande sera enregistrée et vous en recevrez l’accusé de réception dès l’arrivée du courrier.

Votre message a été joint à votre dossier : rien de ce que vous nous avez écrit n’est perdu.{{/firstComplaint}}{{#firstComplaint}}Vous demandez un réexamen par notre direction (étape 2), mais nous n’avons trouvé aucune réclamation antérieure de votre part. Pour que rien ne se perde, nous avons enregistré votre message comme réclamation sous la référence {{reference}} : notre service réclamations l’examine d’abord (étape 1), et un accusé de réception séparé vous indique la date à laquelle vous pouvez attendre notre réponse.

Si cette réponse ne vous satisfait pas, vous pourrez ensuite demander un réexamen à notre direction. Cette demande se fait par courrier postal, à l’adresse :
{{managementAddress}}
avec le titre « {{step2Marker}} » et la référence {{reference}}.

Si vous nous avez déjà écrit depuis une autre adresse ou sous une autre référence, il vous suffit de répondre à ce message en l’indiquant : nous rapprocherons les deux dossiers.{{/firstComplaint}}

${signature}`,
    },
    suggestion_thanks: {
      subject: '[{{reference}}] Merci pour votre suggestion',
      body: `{{greeting}}

Merci d’avoir pris le temps de nous faire part de vos idées. Nous avons enregistré votre message sous la référence {{reference}} et l’avons transmis au service concerné, qui l’étudiera avec attention.

Vos remarques nous aident à améliorer nos services.

${signature}`,
    },
    restriction_notice: {
      subject: '[{{reference}}] Nos échanges à venir',
      body: `{{greeting}}

Nous vous écrivons pour vous indiquer comment nous communiquerons désormais avec vous.
{{#writtenOnly}}
Nos échanges se feront uniquement par écrit, par e-mail ou par courrier ; nous ne vous appellerons pas.
{{/writtenOnly}}
{{#designatedContact}}
Tous vos dossiers seront suivis par {{contactName}}, par qui passera l’ensemble de la correspondance.
{{/designatedContact}}
{{#serviceRefused}}
Nous ne sommes plus en mesure de vous fournir nos autres services.
{{/serviceRefused}}

Vos réclamations continueront d’être reçues, de faire l’objet d’un accusé de réception et d’une réponse dans les délais de notre procédure. Nous réexaminerons cette mesure d’ici le {{reviewDate}}.

${signature}`,
    },
    department_forward: {
      subject: '[{{reference}}] Suggestion transmise à : {{department}}',
      body: `Bonjour,

Une suggestion reçue le {{receivedDate}} a été transmise à : {{department}}.
{{#note}}
Note du service réclamations : {{note}}
{{/note}}

----
{{text}}
----

Merci d’en confirmer la prise en charge, puis de la marquer comme traitée : {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_digest: {
      subject: 'Redress : {{count}} dossier(s) à suivre aujourd’hui, {{date}}',
      body: `Bonjour,

Ces dossiers demandent votre attention ({{date}}) :

{{items}}

Redress, {{organisation}}`,
    },
    staff_breach: {
      subject:
        '[{{reference}}] Délai dépassé : {{#acknowledgementLate}}accusé de réception{{/acknowledgementLate}}{{#answerLate}}réponse définitive{{/answerLate}}',
      body: `Bonjour,

{{#acknowledgementLate}}L’accusé de réception{{/acknowledgementLate}}{{#answerLate}}La réponse définitive{{/answerLate}} du dossier {{reference}} (« {{caseSubject}} ») était dû(e) au plus tard le {{due}} et n’a pas été envoyé(e).

Ouvrir le dossier : {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_at_risk: {
      subject: '[{{reference}}] Accusé de réception pas encore remis, dû au plus tard le {{due}}',
      body: `Bonjour,

L’accusé de réception du dossier {{reference}} (« {{caseSubject}} ») n’est pas encore parvenu à la personne qui a fait la réclamation. Il est dû au plus tard le {{due}}.

{{#notSent}}Il a été rédigé, mais le serveur de messagerie ne l’a pas pris en charge : le serveur est injoignable ou le refuse, ou l’adresse de la personne a été refusée. Merci de consulter les échanges du dossier et, si besoin, d’accuser réception autrement (par courrier ou à une autre adresse).{{/notSent}}{{#waitsForPerson}}Pour ce dossier, il ne part pas automatiquement : il attend que quelqu’un l’envoie ou poste son courrier (l’interlocuteur désigné de la personne, par exemple).{{/waitsForPerson}}

Ouvrir le dossier : {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_new_reply: {
      subject: '[{{reference}}] Nouveau message sur votre dossier',
      body: `Bonjour,

Un nouveau message de {{from}} a été classé dans le dossier {{reference}} (« {{caseSubject}} »).

Ouvrir le dossier : {{caseUrl}}

Redress, {{organisation}}`,
    },
    staff_assigned: {
      subject: '[{{reference}}] Dossier qui vous est attribué',
      body: `Bonjour,

Le dossier {{reference}} (« {{caseSubject}} ») vous a été attribué.{{#answerByDate}} La réponse définitive est due le {{answerByDate}}.{{/answerByDate}}

Ouvrir le dossier : {{caseUrl}}

Redress, {{organisation}}`,
    },
  },
};
