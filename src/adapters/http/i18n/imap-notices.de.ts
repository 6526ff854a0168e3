// Die Hinweise des Mail-Eingangs auf der Seite des Eingangskorbs (pages/imap-notices.part.ts), auf Deutsch.
export const imapNoticesDe = {
  imapNotices: {
    title: 'Nachrichten, die der Mail-Eingang nicht lesen konnte',
    intro:
      'Redress hat keine dieser Nachrichten: Sie wurden nicht empfangen und stehen daher in keinem Fall, keinem Eintrag des Eingangskorbs und keinem Archiv. Jede liegt noch auf dem Mailserver. Erledigen Sie sie dort und markieren Sie sie dann hier als erledigt.',
    noticed: 'Bemerkt am',
    where: 'Konto und Ordner',
    message: 'Nachricht',
    why: 'Grund',
    whatToDo: 'Was auf dem Server zu tun ist',
    action: 'Aktion',
    uid: 'UID {{uid}}',
    uidValidity: 'UIDVALIDITY {{uidValidity}}',
    noUidValidity: 'UIDVALIDITY vom Server nicht angegeben',
    reasons: {
      not_given:
        'Der Server ist jedes Mal gescheitert, wenn Redress ihn um die Nachricht bat ({{tries}} Versuche).',
      too_large:
        'Über der Größengrenze: {{size}}, Redress nimmt höchstens {{limit}} an. Sie wurde nicht abgeholt.',
    },
    lastError: 'Letzter Fehler: {{error}}',
    place: {
      moved: 'Sie wurde in den Ordner {{movedTo}} verschoben.',
      flagged: 'Sie liegt im Ordner {{folder}}, mit dem Schlüsselwort {{keyword}}.',
      skipped:
        'Sie liegt im Ordner {{folder}}, ohne Markierung (der Server hat das Schlüsselwort abgelehnt); Redress überspringt sie.',
      planned:
        'Sie sollte in den Ordner {{movedTo}} verschoben werden (falls der Server ablehnte: im Ordner {{folder}} belassen, mit dem Schlüsselwort {{keyword}}).',
      plannedFlagged: 'Sie sollte im Ordner {{folder}} bleiben, mit dem Schlüsselwort {{keyword}}.',
    },
    todo: {
      not_given:
        'Sobald ihre Datei auf dem Server repariert ist, legen Sie sie ohne das Schlüsselwort wieder in {{folder}}: Redress holt sie dann als neue Nachricht ab.',
      too_large:
        'Öffnen Sie sie auf dem Server mit einem Mailprogramm und erfassen Sie ihren Inhalt von Hand (etwa indem Sie einen Fall für den Absender eröffnen).',
    },
    markDone: 'Als erledigt markieren',
    markDoneNamed: 'Als erledigt markieren: UID {{uid}} in {{folder}}',
    more: '{{count}} weitere warten; sie erscheinen, sobald diese erledigt sind.',
    dealtWithTitle: 'Kürzlich erledigt',
    dealtWith: 'Erledigt am {{at}} von {{by}}',
  },
  flash: {
    imapNoticeDealtWith: 'Der Hinweis ist als erledigt markiert.',
    imapNoticeAlready: 'Jemand hatte diesen Hinweis bereits als erledigt markiert.',
  },
  auditActions: { imap_notice_dealt_with: 'Hinweis des Mail-Eingangs als erledigt markiert' },
};
