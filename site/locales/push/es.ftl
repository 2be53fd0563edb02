# Web Push: the same messages as en.ftl.
push-new-conversation = Nueva conversación: { $name }
push-new-message = Nuevo mensaje
visitor-number = Visitante n.º { $count }
visitor-number-from = Visitante n.º { $count } ({ $what })
