# Les textes de la boîte de réception (français). Mêmes messages, même ordre
# que en.ftl (core::inbox_texts le vérifie).

## Le cadre
app-title = Boîte de réception Switchboard
loading = Chargement…
try-again = Réessayer
menu = Menu
nav-main = Principal
nav-discuss = Discussion
nav-history = Historique
nav-channels = Canaux
nav-chatbots = Chatbots
nav-configuration = Configuration
account-menu = Menu du compte de { $name }
account = Compte
my-profile = Mon profil
log-out = Se déconnecter
messages-none-unread = Messages, aucun non lu
messages-one-unread = Messages, 1 conversation non lue
messages-unread = Messages, conversations non lues : { $count }
your-conversations = Vos conversations
no-conversation-of-yours = Aucune conversation à vous.
unread-count = non lus : { $count }

## Connexion
session-ended = Votre session a pris fin. Veuillez vous reconnecter.
have-account = J’ai un compte : me connecter
create-workspace = Créer un espace de travail
logged-in = Connecté.
log-in = Se connecter
login = Identifiant
password = Mot de passe
logging-in = Connexion…
workspace-created = Espace de travail créé.
workspace-name = Nom de l’espace de travail
your-name = Votre nom
create-workspace-button = Créer l’espace de travail
server-unreachable = Le serveur est injoignable. Vérifiez votre connexion et réessayez.
offline = Vous êtes hors ligne. La boîte de réception se connectera dès le retour du réseau.
server-answered = Le serveur a répondu { $what }.

## Discussion
conversations = Conversations
keyboard-hint = Alt+↓ et Alt+↑ ouvrent la conversation suivante et la précédente ; ↓ et ↑ se déplacent dans cette liste.
reconnecting = Reconnexion…
back-to-conversations = ← Conversations
select-conversation = Choisissez une conversation.
nobody-online = Personne en ligne
online = En ligne : { $name }
no-conversations-yet = Pas encore de conversation.
one-waiting = 1 visiteur attend.
more-waiting = Plus de { $count } visiteurs attendent.
waiting = Visiteurs en attente : { $count }.
longest-listed = Ceux qui attendent depuis le plus longtemps sont listés ({ $count }).
state-ended = terminée
state-with-chatbot = avec le chatbot
state-answer-by-email = à traiter par e-mail
state-waiting = en attente
offline-message = message hors ligne
rated = note : { $what }
time-now = maintenant
time-just-now = à l’instant

## Une conversation
conversation = Conversation
messages = Messages
transferring-to = Transfert à { $name }…
commands = Commandes : { $what }. Commencez par // pour envoyer un message qui débute par /.
transfer-whom = Dites à qui : /transfer NOM.
not-a-command = « /{ $name } » n’est pas une commande ; /help les liste.
author-visitor = Visiteur
author-bot = { $name } (chatbot)
rating-good = bien
rating-ok = correct
rating-bad = mal
conversation-has-ended = Cette conversation est terminée.
not-yours = Quelqu’un d’autre a cette conversation : reprenez-la pour écrire.
too-long = Les messages sont limités à { $count } caractères.
not-connected = Pas connecté pour le moment ; réessayez dans un instant.
refused = Le service de chat a refusé ; veuillez réessayer.
their-email = son adresse e-mail
left-offline = Laissé quand personne n’était en ligne : répondez par e-mail à { $name }.
visitor-rated = Le visiteur a noté cette conversation : { $what }.
identity-verified = { $name } — vérifié par le site
identity-unverified = { $name } — non vérifié (le site ne l’a pas signé)
not-given = Non indiqué
about-visitor = À propos du visiteur
languages = Langues
not-said = Non indiquées
country = Pays
unknown = Inconnu
site-account = Compte sur le site
on-the-page = Sur la page
pages-visited = Pages visitées
pages-visited-oldest-first = Pages visitées, la plus ancienne d’abord
earlier-conversations = Conversations précédentes
none-in-channel = Aucune dans ce canal
seen = Vu
you-sending = Vous · envoi…
answer-by-email = Répondre par e-mail à { $name }
reply-kept = Cette conversation s’est terminée avant que votre réponse n’arrive. Votre réponse est gardée ci-dessous pour la copier.
connection-lost = Connexion perdue. Reconnexion…
visitor-typing = Le visiteur écrit…
transfer-or-end = Transférer ou terminer
visitor-ended = Le visiteur a terminé cette conversation.
someone-ended = { $name } a terminé cette conversation.
reply = Réponse
write-a-reply = Écrivez une réponse…
send = Envoyer
composer-hint = :: insère une réponse prédéfinie ; /help liste les commandes.
conversation-actions = Actions de la conversation
ending = Fin en cours…
end-conversation = Terminer la conversation
held-by = { $name } a cette conversation : vous pouvez la lire ; reprenez-la pour écrire.
take-over = Reprendre
member-online = en ligne
member-offline = hors ligne
transfer = Transférer
transfer-to = Transférer à
back-to-queue = Renvoyer dans la file
transferred-to = Transférée à { $name }.
sent-back-to-queue = Renvoyée dans la file.
nobody-called = Personne nommé « { $name } » n’a rejoint ce canal.

## Fenêtres de chat
chat-windows = Fenêtres de chat
chat-window = Fenêtre de chat
chat-with = Chat avec { $name }
close-chat-with = Fermer le chat avec { $name }
fold = Réduire
unfold = Déplier
close = Fermer

## Mon profil
preferences = Préférences
preferences-saved = Préférences enregistrées.
online-chat-name = Nom de chat en ligne
online-chat-name-hint = Montré aux visiteurs. Vide, les visiteurs voient votre nom, { $name }.
online-chat-languages = Langues du chat en ligne
live-chat-expertise = Expertise du chat en direct
inbox-language = Langue de la boîte de réception
browser-language = La langue de ce navigateur
save = Enregistrer

## Alertes
new-message-from = Nouveau message de { $name }
desktop-notifications-on = Les notifications de bureau sont activées.
notifications-blocked = Les notifications sont bloquées dans les réglages de ce site du navigateur.
play-sound = Jouer un son pour les nouveaux messages
turn-on-desktop-notifications = Activer les notifications de bureau
push-service-unreachable = Ce navigateur n’a pas pu joindre son service de push ; réessayez plus tard.
no-push-here = Ce navigateur ne peut pas recevoir de notifications push.
notify-this-device = Notifier cet appareil quand la boîte de réception est fermée

## Fichiers
files = Fichiers
size-mb = { $size } Mo
size-kb = { $size } Ko
size-bytes = { $size } octets
at-most-files = Envoyez au plus { $count } fichiers à la fois.
uploading = Envoi de { $file } ({ $count } sur { $what })…
not-sent = { $file } n’a pas été envoyé : { $what }
attach-files = Joindre des fichiers
upload-progress = Progression de l’envoi

## Historique
searching = Recherche…
no-match = Aucune conversation terminée ne correspond.
one-conversation = 1 conversation
conversations-more = Conversations : { $count }, d’autres plus bas
conversations-count = Conversations : { $count }
search-ended = Chercher dans les conversations terminées
words-in-messages = Mots dans les messages
channel = Canal
all-channels = Tous les canaux
handled-by = Traitée par
anyone = N’importe qui
me = Moi
ended-from = Terminée à partir du
ended-until = Terminée jusqu’au
rating = Note
any = Toutes
rating-good-option = Bien
rating-ok-option = Correct
rating-bad-option = Mal
visitors-email = E-mail du visiteur
search = Chercher
ended-conversations = Conversations terminées
load-more = Charger la suite
not-rated = Pas notée
transcript = Transcription
nobody = Personne
started = Commencée
ended = Terminée
deleted-one = 1 conversation supprimée.
deleted-count = Conversations supprimées : { $count }.
delete-visitor-data = Supprimer les données d’un visiteur
delete-their-conversations = Supprimer ses conversations
delete-confirm = Supprimer toutes les conversations terminées de { $name } ? C’est irréversible.
delete-for-good = Supprimer définitivement
cancel = Annuler
