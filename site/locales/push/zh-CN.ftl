# Web Push: the same messages as en.ftl.
push-new-conversation = 新会话：{ $name }
push-new-message = 新消息
visitor-number = 访客 #{ $count }
visitor-number-from = 访客 #{ $count }（{ $what }）
