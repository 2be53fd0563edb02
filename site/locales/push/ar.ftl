# Web Push: the same messages as en.ftl.
push-new-conversation = محادثة جديدة: { $name }
push-new-message = رسالة جديدة
