# What an operator's devices are told by Web Push (the bus sends it), in
# the language of their inbox. Kept apart from the inbox's texts so the
# Worker carries only these (core::inbox_texts::push_words).
push-new-conversation = New conversation: { $name }
push-new-message = New message
