# I testi della casella (italiano). Stessi messaggi, stesso ordine di
# en.ftl (core::inbox_texts lo verifica).

## La cornice
app-title = Casella di Switchboard
loading = Caricamento…
try-again = Riprova
menu = Menu
nav-main = Principale
nav-discuss = Discussioni
nav-history = Cronologia
nav-channels = Canali
nav-chatbots = Chatbot
nav-configuration = Configurazione
account-menu = Menu dell’account di { $name }
account = Account
my-profile = Il mio profilo
log-out = Esci
messages-none-unread = Messaggi, nessuno da leggere
messages-one-unread = Messaggi, 1 conversazione da leggere
messages-unread = Messaggi, conversazioni da leggere: { $count }
your-conversations = Le tue conversazioni
no-conversation-of-yours = Nessuna conversazione tua.
unread-count = da leggere: { $count }

## Accesso
session-ended = La sessione è terminata. Accedi di nuovo.
have-account = Ho un account: accedi
create-workspace = Crea uno spazio di lavoro
logged-in = Accesso effettuato.
log-in = Accedi
login = Nome utente
password = Password
logging-in = Accesso in corso…
workspace-created = Spazio di lavoro creato.
workspace-name = Nome dello spazio di lavoro
your-name = Il tuo nome
create-workspace-button = Crea lo spazio di lavoro
server-unreachable = Il server non è raggiungibile. Controlla la connessione e riprova.
offline = Sei offline. La casella si collegherà appena la rete torna.
server-answered = Il server ha risposto { $what }.

## Discussioni
conversations = Conversazioni
keyboard-hint = Alt+↓ e Alt+↑ aprono la conversazione successiva e la precedente; ↓ e ↑ si muovono in questo elenco.
reconnecting = Riconnessione…
back-to-conversations = ← Conversazioni
select-conversation = Scegli una conversazione.
nobody-online = Nessuno online
online = Online: { $name }
no-conversations-yet = Ancora nessuna conversazione.
one-waiting = 1 visitatore è in attesa.
more-waiting = Più di { $count } visitatori sono in attesa.
waiting = Visitatori in attesa: { $count }.
longest-listed = Sono elencati quelli che aspettano da più tempo ({ $count }).
state-ended = terminata
state-with-chatbot = con il chatbot
state-answer-by-email = da rispondere via e-mail
state-waiting = in attesa
offline-message = messaggio offline
rated = valutazione: { $what }
time-now = ora
time-just-now = proprio ora

## Una conversazione
conversation = Conversazione
messages = Messaggi
transferring-to = Trasferimento a { $name }…
commands = Comandi: { $what }. Inizia con // per inviare un messaggio che comincia con /.
transfer-whom = Di’ a chi: /transfer NOME.
not-a-command = «/{ $name }» non è un comando; /help li elenca.
author-visitor = Visitatore
author-bot = { $name } (chatbot)
rating-good = buona
rating-ok = discreta
rating-bad = scarsa
conversation-has-ended = Questa conversazione è terminata.
not-yours = Qualcun altro ha questa conversazione: prendila in carico per scrivere.
too-long = I messaggi sono limitati a { $count } caratteri.
not-connected = Non connesso al momento; riprova tra un attimo.
refused = Il servizio di chat l’ha rifiutato; riprova.
their-email = la sua e-mail
left-offline = Lasciato mentre nessuno era online: rispondi via e-mail a { $name }.
visitor-rated = Il visitatore ha valutato questa conversazione: { $what }.
identity-verified = { $name } — verificato dal sito
identity-unverified = { $name } — non verificato (il sito non l’ha firmato)
not-given = Non indicato
about-visitor = Sul visitatore
languages = Lingue
not-said = Non indicate
country = Paese
unknown = Sconosciuto
site-account = Account sul sito
on-the-page = Sulla pagina
pages-visited = Pagine visitate
pages-visited-oldest-first = Pagine visitate, la più vecchia prima
earlier-conversations = Conversazioni precedenti
none-in-channel = Nessuna in questo canale
seen = Visto
you-sending = Tu · invio…
answer-by-email = Rispondi via e-mail a { $name }
reply-kept = Questa conversazione è terminata prima che arrivasse la tua risposta. La risposta è conservata qui sotto da copiare.
connection-lost = Connessione persa. Riconnessione…
visitor-typing = Il visitatore sta scrivendo…
transfer-or-end = Trasferisci o termina
visitor-ended = Il visitatore ha terminato questa conversazione.
someone-ended = { $name } ha terminato questa conversazione.
reply = Risposta
write-a-reply = Scrivi una risposta…
send = Invia
composer-hint = :: inserisce una risposta predefinita; /help elenca i comandi.
conversation-actions = Azioni della conversazione
ending = Chiusura…
end-conversation = Termina la conversazione
held-by = { $name } ha questa conversazione: puoi leggerla; prendila in carico per scrivere.
take-over = Prendi in carico
member-online = online
member-offline = offline
transfer = Trasferisci
transfer-to = Trasferisci a
back-to-queue = Rimetti in coda
transferred-to = Trasferita a { $name }.
sent-back-to-queue = Rimessa in coda.
nobody-called = Nessuno di nome «{ $name }» si è unito a questo canale.

## Finestre di chat
chat-windows = Finestre di chat
chat-window = Finestra di chat
chat-with = Chat con { $name }
close-chat-with = Chiudi la chat con { $name }
fold = Riduci
unfold = Espandi
close = Chiudi

## Il mio profilo
preferences = Preferenze
preferences-saved = Preferenze salvate.
online-chat-name = Nome nella chat
online-chat-name-hint = Mostrato ai visitatori. Se vuoto, vedono il tuo nome, { $name }.
online-chat-languages = Lingue della chat
live-chat-expertise = Competenze della chat
inbox-language = Lingua della casella
browser-language = La lingua di questo browser
save = Salva

## Avvisi
new-message-from = Nuovo messaggio da { $name }
desktop-notifications-on = Le notifiche desktop sono attive.
notifications-blocked = Le notifiche sono bloccate nelle impostazioni del sito di questo browser.
play-sound = Riproduci un suono per i nuovi messaggi
turn-on-desktop-notifications = Attiva le notifiche desktop
push-service-unreachable = Questo browser non ha potuto raggiungere il suo servizio push; riprova più tardi.
no-push-here = Questo browser non può ricevere notifiche push.
notify-this-device = Avvisa questo dispositivo quando la casella è chiusa

## File
files = File
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } byte
at-most-files = Invia al massimo { $count } file alla volta.
uploading = Caricamento di { $file } ({ $count } di { $what })…
not-sent = { $file } non è stato inviato: { $what }
attach-files = Allega file
upload-progress = Avanzamento del caricamento

## Cronologia
searching = Ricerca…
no-match = Nessuna conversazione terminata corrisponde.
one-conversation = 1 conversazione
conversations-more = Conversazioni: { $count }, altre più sotto
conversations-count = Conversazioni: { $count }
search-ended = Cerca nelle conversazioni terminate
words-in-messages = Parole nei messaggi
channel = Canale
all-channels = Tutti i canali
handled-by = Gestita da
anyone = Chiunque
me = Io
ended-from = Terminata dal
ended-until = Terminata fino al
rating = Valutazione
any = Qualsiasi
rating-good-option = Buona
rating-ok-option = Discreta
rating-bad-option = Scarsa
visitors-email = E-mail del visitatore
search = Cerca
ended-conversations = Conversazioni terminate
load-more = Carica altre
not-rated = Non valutata
transcript = Trascrizione
nobody = Nessuno
started = Iniziata
ended = Terminata
deleted-one = 1 conversazione eliminata.
deleted-count = Conversazioni eliminate: { $count }.
delete-visitor-data = Elimina i dati di un visitatore
delete-their-conversations = Elimina le sue conversazioni
delete-confirm = Eliminare tutte le conversazioni terminate di { $name }? Non si può annullare.
delete-for-good = Elimina definitivamente
cancel = Annulla
