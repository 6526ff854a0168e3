// Deutsche Texte der Anfragen betroffener Personen (P6.3): dieselben Schlüssel wie subject.en.ts.
import type { subjectEn } from './subject.en.ts';

export const subjectDe: typeof subjectEn = {
  auditActions: {
    erasure_requested: 'Löschantrag',
    inbox_item_anonymised: 'Personenbezogene Daten einer Nachricht ohne Vorgang anonymisiert',
    complainant_anonymised: 'Personenbezogene Daten eines Beschwerdeführers anonymisiert',
  },
  admin: {
    sections: { subjectRequests: 'Anfragen nach E-Mail-Adresse' },
    sectionHints: {
      subjectRequests:
        'Eine Person, die Auskunft über ihre Daten oder deren Löschung verlangt, aber keinen Datensatz als Beschwerdeführer hat: ihre Nachrichten ohne Vorgang, gefunden über die Adresse, von der sie schrieb.',
    },
  },
  flash: {
    subjectErased:
      'Löschung erledigt: {{erased}} Vorgang/Vorgänge gelöscht, {{kept}} aufbewahrt. Die Antwort an die Person steht unten.',
  },
  subject: {
    export: {
      button: 'Alle gespeicherten Daten exportieren (ZIP)',
      hint: 'Für eine Anfrage der Person: jeder Vorgang, jede Nachricht und jedes Dokument wie empfangen und wie versandt, mit ihren SHA-256-Summen. Der Export wird im Audit-Protokoll festgehalten.',
    },
    erasure: {
      title: 'Löschantrag',
      intro:
        'Was heute gelöscht werden kann und warum der Rest aufbewahrt wird. Vorgänge werden gelöscht, soweit die Aufbewahrungsregel es erlaubt: offene Vorgänge, Vorgänge in ihrer Aufbewahrungsfrist und Vorgänge mit einer rechtlichen Sperre bleiben erhalten.',
      reference: 'Vorgang',
      decision: 'Entscheidung',
      until: 'Aufbewahrt bis',
      unknown: 'noch nicht bekannt',
      erase: 'jetzt gelöscht',
      already: 'bereits anonymisiert',
      why: {
        open: 'offen: zur Beantwortung nötig',
        retention_period: 'abgeschlossen am {{closed}}: Aufbewahrungsfrist',
        legal_hold: 'rechtliche Sperre: {{reason}} ({{by}}, {{at}})',
        linked_case_kept: 'aufbewahrt mit {{with}}',
        awaiting_triage: 'wartet noch auf Sichtung',
      },
      noRecord:
        'Kein Datensatz einer beschwerdeführenden Person hat diese Adresse: nur die obigen Nachrichten, die zu keinem Vorgang gehören.',
      recordErased: 'Der Datensatz der Person (Name, Adressen) wird ebenfalls gelöscht.',
      recordKept: 'Der Datensatz der Person (Name, Adressen) bleibt, solange ein Vorgang aufbewahrt wird.',
      reasonLabel: 'Grund (wessen Antrag, wann, auf welchem Weg)',
      confirmLabel:
        'Ich habe die Identität der Person geprüft und bestätige die Löschung. Sie kann nicht rückgängig gemacht werden.',
      button: 'Löschen, was nicht mehr benötigt wird',
      answerTitle: 'Antwort an die Person (kopieren und senden)',
      inboxTitle: 'Nachrichten ohne Vorgang',
      inboxIntro:
        'Nachrichten von den Adressen der Person, die zu keinem Vorgang gehören (automatische E-Mails, verworfene oder umgestufte Nachrichten). Bearbeitete werden jetzt gelöscht; eine Nachricht, die noch auf Sichtung wartet, bleibt, bis sich jemand darum kümmert.',
      received: 'Eingegangen am',
      othersCasesOne:
        'Eine Nachricht der Person ist dem Vorgang einer anderen Person zugeordnet. Sie gehört zu den Unterlagen dieser Beschwerde und bleibt dort: Dieser Antrag löscht sie nicht (sie geht mit jenem Vorgang). Die Antwort unten teilt das der Person mit, ohne jemanden zu nennen.',
      othersCasesMany:
        '{{count}} Nachrichten der Person sind Vorgängen anderer Personen zugeordnet. Sie gehören zu den Unterlagen dieser Beschwerden und bleiben dort: Dieser Antrag löscht sie nicht (sie gehen mit jenen Vorgängen). Die Antwort unten teilt das der Person mit, ohne jemanden zu nennen.',
      open: 'Löschantrag…',
    },
    byAddress: {
      title: 'Anfragen nach E-Mail-Adresse',
      intro:
        'Für eine Person, die nach ihren Daten fragt, aber keinen Datensatz als Beschwerdeführer hat (ihre Nachrichten kamen nur in den Posteingang zur Sichtung). Eine Adresse, die ein Datensatz hat, führt zur Löschseite dieser Person.',
      label: 'E-Mail-Adresse',
      button: 'Gespeichertes anzeigen',
      nothing: 'Unter dieser Adresse ist nichts gespeichert: weder ein Datensatz noch eine Nachricht.',
      done: 'Löschung erledigt: {{erased}} Nachricht(en) gelöscht, {{kept}} aufbewahrt. Die Antwort an die Person steht unten.',
    },
    answer: {
      title: 'Ihr Antrag auf Löschung Ihrer personenbezogenen Daten',
      greeting: 'Sehr geehrte Damen und Herren,',
      intro:
        'wir haben Ihren Antrag auf Löschung der personenbezogenen Daten, die wir über Sie speichern, erhalten und am {{date}} bearbeitet. Das haben wir getan:',
      erasedHeading: 'Gelöscht',
      erased:
        'Vorgang {{reference}}: Ihr Name, Ihre Adressen, Ihre Nachrichten und die Dokumente, die Sie uns geschickt haben, wurden gelöscht. Es bleiben nur anonyme Zahlen.',
      noneErased:
        'Noch kein Vorgang konnte gelöscht werden: Jeder Vorgang, den wir über Sie führen, muss aus den unten genannten Gründen noch aufbewahrt werden.',
      keptHeading: 'Vorerst aufbewahrt, und warum',
      kept: {
        open: 'Vorgang {{reference}} ist noch offen: Wir brauchen Ihre Daten, um Ihnen zu antworten. Nach dem Abschluss wird er für die gesetzliche Frist aufbewahrt und dann gelöscht.',
        retention_period:
          'Vorgang {{reference}} wurde am {{closed}} abgeschlossen. Das Gesetz verpflichtet uns, die Unterlagen einer Beschwerde eine bestimmte Zeit aufzubewahren: Er wird ab dem {{until}} gelöscht, ohne dass Sie erneut fragen müssen.',
        legal_hold:
          'Vorgang {{reference}} muss wegen einer rechtlichen Pflicht (zum Beispiel eines laufenden Verfahrens) aufbewahrt werden. Er wird gelöscht, sobald diese Pflicht endet.',
        linked_case_kept:
          'Vorgang {{reference}} gehört zur selben Angelegenheit wie Vorgang {{with}}, der noch aufbewahrt wird: Beide werden zusammen ab dem {{until}} gelöscht.',
        linked_case_kept_open:
          'Vorgang {{reference}} gehört zur selben Angelegenheit wie Vorgang {{with}}, der noch aufbewahrt wird: Beide werden zusammen gelöscht, sobald dieser gelöscht werden darf.',
        awaiting_triage:
          'Ihre Nachricht vom {{date}} wurde von uns noch nicht bearbeitet, daher können wir sie noch nicht löschen. Sobald sie bearbeitet ist, können Sie Ihren Antrag wiederholen; andernfalls wird sie nach Ablauf der anschließenden gesetzlichen Aufbewahrungsfrist gelöscht.',
        inbox_legal_hold:
          'Ihre Nachricht vom {{date}}, die zu keinem Vorgang gehört, muss wegen einer rechtlichen Pflicht aufbewahrt werden. Sie wird gelöscht, sobald diese Pflicht endet.',
      },
      recordErased: 'Ihr Name und Ihre Kontaktdaten werden ebenfalls gelöscht.',
      recordKept:
        'Ihren Namen und Ihre Kontaktdaten bewahren wir nur so lange auf, wie ein oben genannter Vorgang aufbewahrt wird, und nutzen sie nur dafür.',
      noRecord:
        'Wir führen keinen Datensatz über Sie als Beschwerdeführer: nur die oben genannten Nachrichten, aus denen nie ein Vorgang wurde.',
      nothing: 'Wir führen keinen Vorgang über Sie.',
      inboxErasedOne: 'Ihre Nachricht vom {{date}}, die zu keinem Vorgang gehörte, wurde gelöscht.',
      inboxErasedMany:
        'Ihre {{count}} Nachrichten, eingegangen zwischen dem {{first}} und dem {{last}}, die zu keinem Vorgang gehörten, wurden gelöscht.',
      othersCasesOne:
        'Eine Nachricht, die Sie uns geschrieben haben, wurde der Beschwerde einer anderen Person zugeordnet, weil sie diese Beschwerde betraf. Sie gehört zu den Unterlagen dieser Beschwerde und bleibt dort: Sie wird mit diesem Vorgang aufbewahrt und gelöscht, nicht mit Ihren eigenen Daten. Mehr können wir Ihnen zu dieser Beschwerde nicht sagen, da sie eine andere Person betrifft.',
      othersCasesMany:
        '{{count}} Nachrichten, die Sie uns geschrieben haben, wurden Beschwerden anderer Personen zugeordnet, weil sie diese Beschwerden betrafen. Sie gehören zu den Unterlagen dieser Beschwerden und bleiben dort: Sie werden mit diesen Vorgängen aufbewahrt und gelöscht, nicht mit Ihren eigenen Daten. Mehr können wir Ihnen zu diesen Beschwerden nicht sagen, da sie andere Personen betreffen.',
      closing:
        'Wenn Sie eine Frage zu dieser Antwort haben, antworten Sie bitte einfach auf diese Nachricht. Sie haben außerdem das Recht, sich bei einer Datenschutz-Aufsichtsbehörde zu beschweren.',
      signature: 'Mit freundlichen Grüßen',
    },
  },
};
