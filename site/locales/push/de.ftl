# Web Push: the same messages as en.ftl.
push-new-conversation = Neue Unterhaltung: { $name }
push-new-message = Neue Nachricht
visitor-number = Besucher Nr. { $count }
visitor-number-from = Besucher Nr. { $count } ({ $what })
