# Die Texte des Posteingangs (Deutsch). Dieselben Nachrichten in derselben
# Reihenfolge wie en.ftl (core::inbox_texts prüft es).

## Der Rahmen
app-title = Switchboard-Posteingang
loading = Wird geladen…
try-again = Erneut versuchen
menu = Menü
nav-main = Hauptmenü
nav-discuss = Diskutieren
nav-history = Verlauf
nav-channels = Kanäle
nav-chatbots = Chatbots
nav-configuration = Konfiguration
account-menu = Kontomenü von { $name }
account = Konto
my-profile = Mein Profil
log-out = Abmelden
messages-none-unread = Nachrichten, nichts ungelesen
messages-one-unread = Nachrichten, 1 ungelesene Unterhaltung
messages-unread = Nachrichten, ungelesene Unterhaltungen: { $count }
your-conversations = Ihre Unterhaltungen
no-conversation-of-yours = Keine Unterhaltung von Ihnen.
unread-count = ungelesen: { $count }

## Anmelden
session-ended = Ihre Sitzung ist beendet. Bitte melden Sie sich erneut an.
have-account = Ich habe ein Konto: anmelden
create-workspace = Einen Arbeitsbereich anlegen
logged-in = Angemeldet.
log-in = Anmelden
login = Benutzername
password = Passwort
logging-in = Anmeldung…
workspace-created = Arbeitsbereich angelegt.
workspace-name = Name des Arbeitsbereichs
your-name = Ihr Name
create-workspace-button = Arbeitsbereich anlegen
server-unreachable = Der Server ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
offline = Sie sind offline. Der Posteingang verbindet sich, sobald das Netz zurück ist.
server-answered = Der Server antwortete { $what }.

## Diskutieren
conversations = Unterhaltungen
keyboard-hint = Alt+↓ und Alt+↑ öffnen die nächste und die vorige Unterhaltung; ↓ und ↑ bewegen sich in dieser Liste.
reconnecting = Verbindung wird wiederhergestellt…
back-to-conversations = ← Unterhaltungen
select-conversation = Wählen Sie eine Unterhaltung.
nobody-online = Niemand online
online = Online: { $name }
no-conversations-yet = Noch keine Unterhaltungen.
one-waiting = 1 Besucher wartet.
more-waiting = Mehr als { $count } Besucher warten.
waiting = Wartende Besucher: { $count }.
longest-listed = Aufgeführt sind die am längsten Wartenden ({ $count }).
state-ended = beendet
state-with-chatbot = beim Chatbot
state-answer-by-email = per E-Mail zu beantworten
state-waiting = wartet
offline-message = Offline-Nachricht
rated = Bewertung: { $what }
time-now = jetzt
time-just-now = gerade eben

## Eine Unterhaltung
conversation = Unterhaltung
messages = Nachrichten
transferring-to = Übergabe an { $name }…
commands = Befehle: { $what }. Beginnen Sie mit //, um eine Nachricht zu senden, die mit / anfängt.
transfer-whom = Sagen Sie, an wen: /transfer NAME.
not-a-command = „/{ $name }“ ist kein Befehl; /help listet sie auf.
author-visitor = Besucher
author-bot = { $name } (Chatbot)
rating-good = gut
rating-ok = okay
rating-bad = schlecht
conversation-has-ended = Diese Unterhaltung ist beendet.
not-yours = Jemand anderes hat diese Unterhaltung: übernehmen Sie sie, um zu schreiben.
too-long = Nachrichten sind auf { $count } Zeichen begrenzt.
not-connected = Gerade nicht verbunden; versuchen Sie es gleich noch einmal.
refused = Der Chat-Dienst hat das abgelehnt; bitte versuchen Sie es erneut.
their-email = seine E-Mail-Adresse
left-offline = Hinterlassen, als niemand online war: per E-Mail an { $name } antworten.
visitor-rated = Der Besucher hat diese Unterhaltung bewertet: { $what }.
identity-verified = { $name } — von der Website bestätigt
identity-unverified = { $name } — nicht bestätigt (die Website hat es nicht signiert)
not-given = Nicht angegeben
about-visitor = Über den Besucher
languages = Sprachen
not-said = Nicht angegeben
country = Land
unknown = Unbekannt
site-account = Konto auf der Website
on-the-page = Auf der Seite
pages-visited = Besuchte Seiten
pages-visited-oldest-first = Besuchte Seiten, die älteste zuerst
earlier-conversations = Frühere Unterhaltungen
none-in-channel = Keine in diesem Kanal
seen = Gesehen
you-sending = Sie · wird gesendet…
answer-by-email = Per E-Mail an { $name } antworten
reply-kept = Diese Unterhaltung endete, bevor Ihre Antwort ankam. Ihre Antwort bleibt unten zum Kopieren erhalten.
connection-lost = Verbindung verloren. Verbindung wird wiederhergestellt…
visitor-typing = Der Besucher schreibt…
transfer-or-end = Übergeben oder beenden
visitor-ended = Der Besucher hat diese Unterhaltung beendet.
someone-ended = { $name } hat diese Unterhaltung beendet.
reply = Antwort
write-a-reply = Antwort schreiben…
send = Senden
composer-hint = :: fügt eine Textbaustein-Antwort ein; /help listet die Befehle.
conversation-actions = Aktionen der Unterhaltung
ending = Wird beendet…
end-conversation = Unterhaltung beenden
held-by = { $name } hat diese Unterhaltung: Sie können sie lesen; übernehmen Sie sie, um zu schreiben.
take-over = Übernehmen
member-online = online
member-offline = offline
transfer = Übergeben
transfer-to = Übergeben an
back-to-queue = Zurück in die Warteschlange
transferred-to = An { $name } übergeben.
sent-back-to-queue = Zurück in die Warteschlange gestellt.
nobody-called = Niemand namens „{ $name }“ ist diesem Kanal beigetreten.

## Chatfenster
chat-windows = Chatfenster
chat-window = Chatfenster
chat-with = Chat mit { $name }
close-chat-with = Chat mit { $name } schließen
fold = Einklappen
unfold = Ausklappen
close = Schließen

## Mein Profil
preferences = Einstellungen
preferences-saved = Einstellungen gespeichert.
online-chat-name = Name im Chat
online-chat-name-hint = Für Besucher sichtbar. Leer sehen Besucher Ihren Namen, { $name }.
online-chat-languages = Chat-Sprachen
live-chat-expertise = Chat-Fachgebiete
inbox-language = Sprache des Posteingangs
browser-language = Die Sprache dieses Browsers
save = Speichern

## Hinweise
new-message-from = Neue Nachricht von { $name }
desktop-notifications-on = Desktop-Benachrichtigungen sind an.
notifications-blocked = Benachrichtigungen sind in den Website-Einstellungen dieses Browsers blockiert.
play-sound = Bei neuen Nachrichten einen Ton abspielen
turn-on-desktop-notifications = Desktop-Benachrichtigungen einschalten
push-service-unreachable = Dieser Browser konnte seinen Push-Dienst nicht erreichen; versuchen Sie es später erneut.
no-push-here = Dieser Browser kann keine Push-Nachrichten empfangen.
notify-this-device = Dieses Gerät benachrichtigen, wenn der Posteingang geschlossen ist

## Dateien
files = Dateien
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } Byte
at-most-files = Senden Sie höchstens { $count } Dateien auf einmal.
uploading = { $file } wird hochgeladen ({ $count } von { $what })…
not-sent = { $file } wurde nicht gesendet: { $what }
attach-files = Dateien anhängen
upload-progress = Fortschritt des Hochladens

## Verlauf
searching = Suche…
no-match = Keine beendete Unterhaltung passt.
one-conversation = 1 Unterhaltung
conversations-more = Unterhaltungen: { $count }, weitere unten
conversations-count = Unterhaltungen: { $count }
search-ended = Beendete Unterhaltungen durchsuchen
words-in-messages = Wörter in den Nachrichten
channel = Kanal
all-channels = Alle Kanäle
handled-by = Bearbeitet von
anyone = Beliebig
me = Ich
ended-from = Beendet ab
ended-until = Beendet bis
rating = Bewertung
any = Beliebig
rating-good-option = Gut
rating-ok-option = Okay
rating-bad-option = Schlecht
visitors-email = E-Mail des Besuchers
search = Suchen
ended-conversations = Beendete Unterhaltungen
load-more = Mehr laden
not-rated = Nicht bewertet
transcript = Protokoll
nobody = Niemand
started = Begonnen
ended = Beendet
deleted-one = 1 Unterhaltung gelöscht.
deleted-count = Gelöschte Unterhaltungen: { $count }.
delete-visitor-data = Daten eines Besuchers löschen
delete-their-conversations = Seine Unterhaltungen löschen
delete-confirm = Alle beendeten Unterhaltungen von { $name } löschen? Das lässt sich nicht rückgängig machen.
delete-for-good = Endgültig löschen
cancel = Abbrechen
