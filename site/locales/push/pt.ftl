# Web Push: the same messages as en.ftl.
push-new-conversation = Nova conversa: { $name }
push-new-message = Nova mensagem
