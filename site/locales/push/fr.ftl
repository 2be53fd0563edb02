# Web Push: the same messages as en.ftl.
push-new-conversation = Nouvelle conversation : { $name }
push-new-message = Nouveau message
