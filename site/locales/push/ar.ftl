# Web Push: the same messages as en.ftl.
push-new-conversation = محادثة جديدة: { $name }
push-new-message = رسالة جديدة
visitor-number = زائر رقم { $count }
visitor-number-from = زائر رقم { $count } ({ $what })
