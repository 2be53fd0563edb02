# Web Push: the same messages as en.ftl.
push-new-conversation = Nuova conversazione: { $name }
push-new-message = Nuovo messaggio
visitor-number = Visitatore n. { $count }
visitor-number-from = Visitatore n. { $count } ({ $what })
