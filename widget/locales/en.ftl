# The widget's own words, in English (the fallback for every other language).
# Each file has exactly these messages, with the same variables:
#   $name: an operator's online chat name; $place: a place in the queue;
#   $email: the visitor's address; $max: the message length limit;
#   $count: how many messages the visitor has not read yet.
# Variables other than $max are filled in by the widget, so they cannot be
# used in selectors. `cargo test -p switchboard-core --features catalog`
# checks all of this.

launcher = Chat with us
title = Chat with us
messages-label = Messages
you = You
sending = sending…
seen = Seen
end-chat = End chat
ended-by-you = You ended the conversation. Write below to start a new one.
ended-by = { $name } ended the conversation. Write below to start a new one.
chatting-with = You are chatting with { $name }.
queue-place = All our operators are busy. You are number { $place } in line; please stay on this page.
queue-within = All our operators are busy. You are among the next { $place } in line; please stay on this page.
waiting = Waiting for an operator…
typing = { $name } is typing…
connecting = Connecting…
reconnecting = Connection lost. Reconnecting… Your messages are kept and will be sent.
offline = You are offline. Your messages are kept and will be sent when the connection is back.
retry-now = Try now
message-label = Message
placeholder = Write a message…
send = Send
too-long = Messages are limited to { $max } characters.
unreachable = We could not reach the chat service. Check your connection and try again.
not-connected = Not connected right now; try again in a moment.
rate-limited = You are sending messages quickly; the next ones will go out in a few seconds.
too-many-starts = Too many conversations were started from your connection just now. Please try again in a minute.
conversation-ended = This conversation has ended.
site-not-allowed = This website may not use this chat.
channel-unknown = This chat is not available.
server-problem = Something went wrong on our side. Please try again.
nobody-online = No one is available right now. Leave a message and we will answer by email.
email-label = Your email
email-invalid = Enter a valid email address, like name@example.com.
leave-message = Send message
offline-sent = Thank you! We will answer at { $email }.
rate-question = How was this conversation?
rate-good = Good
rate-ok = OK
rate-bad = Bad
rate-comment = Comment (optional)
rate-send = Send rating
rate-thanks = Thank you for your rating.
transcript = Download the transcript
identity-unverified = This website could not confirm who you are. Please sign in again, then retry.
attach = Attach files
file-too-large = This file is too large: at most 10 MB.
file-type = Files of this kind cannot be sent here.
unread = New messages: { $count }
hide = Hide chat
