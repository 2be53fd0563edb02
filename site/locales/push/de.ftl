# Web Push: the same messages as en.ftl.
push-new-conversation = Neue Unterhaltung: { $name }
push-new-message = Neue Nachricht
