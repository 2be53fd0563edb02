# What an operator's devices are told by Web Push (the bus sends it), in
# the language of their inbox. Kept apart from the inbox's texts so the
# Worker carries only these (core::inbox_texts::push_words).
push-new-conversation = New conversation: { $name }
push-new-message = New message
# A visitor who told no name (the same words as the inbox's).
visitor-number = Visitor #{ $count }
visitor-number-from = Visitor #{ $count } ({ $what })
