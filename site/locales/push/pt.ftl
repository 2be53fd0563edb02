# Web Push: the same messages as en.ftl.
push-new-conversation = Nova conversa: { $name }
push-new-message = Nova mensagem
visitor-number = Visitante nº { $count }
visitor-number-from = Visitante nº { $count } ({ $what })
