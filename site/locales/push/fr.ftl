# Web Push: the same messages as en.ftl.
push-new-conversation = Nouvelle conversation : { $name }
push-new-message = Nouveau message
visitor-number = Visiteur n° { $count }
visitor-number-from = Visiteur n° { $count } ({ $what })
