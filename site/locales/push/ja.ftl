# Web Push: the same messages as en.ftl.
push-new-conversation = 新しい会話：{ $name }
push-new-message = 新しいメッセージ
visitor-number = 訪問者 #{ $count }
visitor-number-from = 訪問者 #{ $count }（{ $what }）
