# Web Push: the same messages as en.ftl.
push-new-conversation = Nuova conversazione: { $name }
push-new-message = Nuovo messaggio
