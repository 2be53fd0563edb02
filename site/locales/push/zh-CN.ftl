# Web Push: the same messages as en.ftl.
push-new-conversation = 新会话：{ $name }
push-new-message = 新消息
