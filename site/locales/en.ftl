# The inbox's texts (English). Every file in this folder has the same
# messages in the same order (core::inbox_texts tests it). Variables: $name,
# $count, $channel, $time, $file, $size, $login, $what — the inbox fills them.

## The frame
app-title = Switchboard inbox
loading = Loading…
try-again = Try again
menu = Menu
nav-main = Main
nav-discuss = Discuss
nav-history = History
nav-channels = Channels
nav-chatbots = Chatbots
nav-configuration = Configuration
account-menu = Account menu for { $name }
account = Account
my-profile = My Profile
log-out = Log out
messages-none-unread = Messages, none unread
messages-one-unread = Messages, 1 conversation unread
messages-unread = Messages, { $count } conversations unread
your-conversations = Your conversations
no-conversation-of-yours = No conversation of yours.
unread-count = { $count } unread

## Logging in
session-ended = Your session has ended. Please log in again.
have-account = I have an account: log in
create-workspace = Create a workspace
logged-in = Logged in.
log-in = Log in
login = Login
password = Password
logging-in = Logging in…
workspace-created = Workspace created.
workspace-name = Workspace name
your-name = Your name
create-workspace-button = Create workspace
server-unreachable = The server cannot be reached. Check your connection and try again.
offline = You are offline. The inbox will connect as soon as the network is back.
server-answered = The server answered { $what }.

## Discuss
conversations = Conversations
keyboard-hint = Alt+↓ and Alt+↑ open the next and previous conversation; ↓ and ↑ move in this list.
reconnecting = Reconnecting…
back-to-conversations = ← Conversations
select-conversation = Select a conversation.
nobody-online = Nobody online
online = Online: { $name }
no-conversations-yet = No conversations yet.
one-waiting = 1 visitor is waiting.
more-waiting = More than { $count } visitors are waiting.
waiting = { $count } visitors are waiting.
longest-listed = The { $count } who have waited longest are listed.
state-ended = ended
state-with-chatbot = with the chatbot
state-answer-by-email = to answer by email
state-waiting = waiting
offline-message = offline message
rated = rated { $what }
time-now = now
time-just-now = just now

## A conversation
conversation = Conversation
messages = Messages
transferring-to = Transferring to { $name }…
commands = Commands: { $what }. Start with // to send a message beginning with /.
transfer-whom = Say to whom: /transfer NAME.
not-a-command = “/{ $name }” is not a command; /help lists them.
author-visitor = Visitor
author-bot = { $name } (chatbot)
rating-good = good
rating-ok = OK
rating-bad = bad
conversation-has-ended = This conversation has ended.
not-yours = Someone else has this conversation: take it over to write.
too-long = Messages are limited to { $count } characters.
not-connected = Not connected right now; try again in a moment.
refused = The chat service refused that; please try again.
their-email = their email
left-offline = Left while nobody was online: answer by email to { $name }.
visitor-rated = The visitor rated this conversation { $what }.
identity-verified = { $name } — verified by the site
identity-unverified = { $name } — not verified (the site did not sign it)
not-given = Not given
about-visitor = About the visitor
languages = Languages
not-said = Not said
country = Country
unknown = Unknown
site-account = Account on the site
on-the-page = On the page
pages-visited = Pages visited
pages-visited-oldest-first = Pages visited, oldest first
earlier-conversations = Earlier conversations
none-in-channel = None in this channel
seen = Seen
you-sending = You · sending…
answer-by-email = Answer by email to { $name }
reply-kept = This conversation ended before your reply reached it. Your reply is kept below to copy.
connection-lost = Connection lost. Reconnecting…
visitor-typing = The visitor is typing…
transfer-or-end = Transfer or end
visitor-ended = The visitor ended this conversation.
someone-ended = { $name } ended this conversation.
reply = Reply
write-a-reply = Write a reply…
send = Send
composer-hint = :: inserts a canned response; /help lists commands.
conversation-actions = Conversation actions
ending = Ending…
end-conversation = End conversation
held-by = { $name } has this conversation: you can read it; take it over to write.
take-over = Take over
member-online = online
member-offline = offline
transfer = Transfer
transfer-to = Transfer to
back-to-queue = Back to the queue
transferred-to = Transferred to { $name }.
sent-back-to-queue = Sent back to the queue.
nobody-called = Nobody called “{ $name }” has joined this channel.

## Chat windows
chat-windows = Chat windows
chat-window = Chat window
chat-with = Chat with { $name }
close-chat-with = Close the chat with { $name }
fold = Fold
unfold = Unfold
close = Close

## My Profile
preferences = Preferences
preferences-saved = Preferences saved.
online-chat-name = Online Chat Name
online-chat-name-hint = Shown to visitors. When empty, visitors see your name, { $name }.
online-chat-languages = Online Chat Languages
live-chat-expertise = Live Chat Expertise
inbox-language = Inbox language
browser-language = This browser's language
save = Save

## Alerts
new-message-from = New message from { $name }
desktop-notifications-on = Desktop notifications are on.
notifications-blocked = Notifications are blocked in this browser's site settings.
play-sound = Play a sound for new messages
turn-on-desktop-notifications = Turn on desktop notifications
push-service-unreachable = This browser could not reach its push service; try again later.
no-push-here = This browser cannot receive pushes.
notify-this-device = Notify this device while the inbox is closed

## Files
files = Files
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } bytes
at-most-files = Send at most { $count } files at once.
uploading = Uploading { $file } ({ $count } of { $what })…
not-sent = { $file } was not sent: { $what }
attach-files = Attach files
upload-progress = Upload progress

## History
searching = Searching…
no-match = No ended conversation matches.
one-conversation = 1 conversation
conversations-more = { $count } conversations, more below
conversations-count = { $count } conversations
search-ended = Search ended conversations
words-in-messages = Words in the messages
channel = Channel
all-channels = All channels
handled-by = Handled by
anyone = Anyone
me = Me
ended-from = Ended from
ended-until = Ended until
rating = Rating
any = Any
rating-good-option = Good
rating-ok-option = OK
rating-bad-option = Bad
visitors-email = Visitor's email
search = Search
ended-conversations = Ended conversations
load-more = Load more
not-rated = Not rated
transcript = Transcript
nobody = Nobody
started = Started
ended = Ended
deleted-one = Deleted 1 conversation.
deleted-count = Deleted { $count } conversations.
delete-visitor-data = Delete a visitor's data
delete-their-conversations = Delete their conversations
delete-confirm = Delete every ended conversation of { $name }? This cannot be undone.
delete-for-good = Delete for good
cancel = Cancel
