# نصوص صندوق الوارد (العربية). الرسائل نفسها وبالترتيب نفسه كما في
# en.ftl (يتحقق منها core::inbox_texts).

## الإطار
app-title = صندوق وارد Switchboard
loading = جارٍ التحميل…
try-again = أعد المحاولة
menu = القائمة
nav-main = الرئيسية
nav-discuss = النقاش
nav-history = السجل
nav-channels = القنوات
nav-chatbots = روبوتات الدردشة
nav-configuration = الإعدادات
account-menu = قائمة حساب { $name }
account = الحساب
my-profile = ملفي الشخصي
log-out = تسجيل الخروج
messages-none-unread = الرسائل، لا شيء غير مقروء
messages-one-unread = الرسائل، محادثة واحدة غير مقروءة
messages-unread = الرسائل، المحادثات غير المقروءة: { $count }
your-conversations = محادثاتك
no-conversation-of-yours = لا توجد محادثات لك.
unread-count = غير مقروءة: { $count }

## تسجيل الدخول
session-ended = انتهت جلستك. يُرجى تسجيل الدخول مجددًا.
have-account = لدي حساب: تسجيل الدخول
create-workspace = إنشاء مساحة عمل
logged-in = تم تسجيل الدخول.
log-in = تسجيل الدخول
login = اسم المستخدم
password = كلمة المرور
logging-in = جارٍ تسجيل الدخول…
workspace-created = تم إنشاء مساحة العمل.
workspace-name = اسم مساحة العمل
your-name = اسمك
create-workspace-button = إنشاء مساحة العمل
server-unreachable = تعذّر الوصول إلى الخادم. تحقّق من اتصالك وأعد المحاولة.
offline = أنت غير متصل. سيتصل صندوق الوارد فور عودة الشبكة.
server-answered = ردّ الخادم بـ { $what }.

## المحادثات
conversations = المحادثات
keyboard-hint = ‏Alt+↓ و Alt+↑ تفتحان المحادثة التالية والسابقة؛ ‏↓ و ↑ للتنقل في هذه القائمة.
reconnecting = جارٍ إعادة الاتصال…
back-to-conversations = → المحادثات
select-conversation = اختر محادثة.
nobody-online = لا أحد متصل
online = متصل: { $name }
no-conversations-yet = لا توجد محادثات بعد.
one-waiting = زائر واحد ينتظر.
more-waiting = أكثر من { $count } زائر ينتظرون.
waiting = الزوار المنتظرون: { $count }.
longest-listed = تُعرض قائمة بمن انتظروا أطول مدة ({ $count }).
state-ended = منتهية
state-with-chatbot = مع روبوت الدردشة
state-answer-by-email = للرد بالبريد الإلكتروني
state-waiting = في الانتظار
offline-message = رسالة أثناء عدم الاتصال
rated = التقييم: { $what }
time-now = الآن
time-just-now = قبل لحظات

## محادثة
conversation = محادثة
messages = الرسائل
transferring-to = جارٍ التحويل إلى { $name }…
commands = الأوامر: { $what }. ابدأ بـ // لإرسال رسالة تبدأ بـ /.
transfer-whom = حدّد إلى من: ‎/transfer الاسم.
not-a-command = «/{ $name }» ليس أمرًا؛ ‎/help يعرض الأوامر.
author-visitor = زائر
author-bot = { $name } (روبوت دردشة)
rating-good = جيدة
rating-ok = مقبولة
rating-bad = سيئة
conversation-has-ended = انتهت هذه المحادثة.
not-yours = شخص آخر يتولى هذه المحادثة: تولّها لتتمكن من الكتابة.
too-long = الحد الأقصى للرسالة { $count } حرفًا.
not-connected = غير متصل حاليًا؛ أعد المحاولة بعد قليل.
refused = رفضت خدمة الدردشة ذلك؛ يُرجى إعادة المحاولة.
their-email = بريده الإلكتروني
left-offline = تُركت حين لم يكن أحد متصلًا: ردّ بالبريد الإلكتروني على { $name }.
visitor-rated = قيّم الزائر هذه المحادثة: { $what }.
identity-verified = { $name } — موثّق من الموقع
identity-unverified = { $name } — غير موثّق (لم يوقّعه الموقع)
not-given = غير مذكور
about-visitor = عن الزائر
languages = اللغات
not-said = غير مذكورة
country = البلد
unknown = غير معروف
site-account = الحساب على الموقع
on-the-page = على الصفحة
pages-visited = الصفحات التي زارها
pages-visited-oldest-first = الصفحات التي زارها، الأقدم أولًا
earlier-conversations = محادثات سابقة
none-in-channel = لا شيء في هذه القناة
seen = شوهدت
you-sending = أنت · جارٍ الإرسال…
answer-by-email = الرد بالبريد الإلكتروني على { $name }
reply-kept = انتهت هذه المحادثة قبل وصول ردّك. ردّك محفوظ أدناه لنسخه.
connection-lost = انقطع الاتصال. جارٍ إعادة الاتصال…
visitor-typing = الزائر يكتب…
transfer-or-end = تحويل أو إنهاء
visitor-ended = أنهى الزائر هذه المحادثة.
someone-ended = أنهى { $name } هذه المحادثة.
reply = الرد
write-a-reply = اكتب ردًا…
send = إرسال
composer-hint = ‏:: يُدرج ردًا جاهزًا؛ ‎/help يعرض الأوامر.
conversation-actions = إجراءات المحادثة
ending = جارٍ الإنهاء…
end-conversation = إنهاء المحادثة
held-by = يتولى { $name } هذه المحادثة: يمكنك قراءتها؛ تولّها لتتمكن من الكتابة.
take-over = تولَّ المحادثة
member-online = متصل
member-offline = غير متصل
transfer = تحويل
transfer-to = تحويل إلى
back-to-queue = إعادة إلى قائمة الانتظار
transferred-to = حُوّلت إلى { $name }.
sent-back-to-queue = أُعيدت إلى قائمة الانتظار.
nobody-called = لم ينضم أحد باسم «{ $name }» إلى هذه القناة.

## نوافذ الدردشة
chat-windows = نوافذ الدردشة
chat-window = نافذة دردشة
chat-with = دردشة مع { $name }
close-chat-with = إغلاق الدردشة مع { $name }
fold = طيّ
unfold = توسيع
close = إغلاق

## ملفي الشخصي
preferences = التفضيلات
preferences-saved = تم حفظ التفضيلات.
online-chat-name = الاسم في الدردشة
online-chat-name-hint = يظهر للزوار. إن تُرك فارغًا يرى الزوار اسمك، { $name }.
online-chat-languages = لغات الدردشة
live-chat-expertise = مجالات الخبرة في الدردشة
inbox-language = لغة صندوق الوارد
browser-language = لغة هذا المتصفح
save = حفظ

## التنبيهات
new-message-from = رسالة جديدة من { $name }
desktop-notifications-on = إشعارات سطح المكتب مفعّلة.
notifications-blocked = الإشعارات محظورة في إعدادات هذا الموقع في المتصفح.
play-sound = تشغيل صوت عند وصول رسائل جديدة
turn-on-desktop-notifications = تفعيل إشعارات سطح المكتب
push-service-unreachable = تعذّر على هذا المتصفح الوصول إلى خدمة الإشعارات؛ أعد المحاولة لاحقًا.
no-push-here = لا يستطيع هذا المتصفح تلقي الإشعارات.
notify-this-device = إشعار هذا الجهاز حين يكون صندوق الوارد مغلقًا

## الملفات
files = الملفات
size-mb = { $size } ميغابايت
size-kb = { $size } كيلوبايت
size-bytes = { $size } بايت
at-most-files = أرسل { $count } ملفات على الأكثر في المرة الواحدة.
uploading = جارٍ رفع { $file } ({ $count } من { $what })…
not-sent = لم يُرسل { $file }: { $what }
attach-files = إرفاق ملفات
upload-progress = تقدّم الرفع

## السجل
searching = جارٍ البحث…
no-match = لا توجد محادثة منتهية مطابقة.
one-conversation = محادثة واحدة
conversations-more = المحادثات: { $count }، والمزيد أدناه
conversations-count = المحادثات: { $count }
search-ended = البحث في المحادثات المنتهية
words-in-messages = كلمات في الرسائل
channel = القناة
all-channels = كل القنوات
handled-by = تولّاها
anyone = أي شخص
me = أنا
ended-from = انتهت من تاريخ
ended-until = انتهت حتى تاريخ
rating = التقييم
any = أي تقييم
rating-good-option = جيدة
rating-ok-option = مقبولة
rating-bad-option = سيئة
visitors-email = بريد الزائر الإلكتروني
search = بحث
ended-conversations = المحادثات المنتهية
load-more = تحميل المزيد
not-rated = بلا تقييم
transcript = النص الكامل
nobody = لا أحد
started = بدأت
ended = انتهت
deleted-one = حُذفت محادثة واحدة.
deleted-count = المحادثات المحذوفة: { $count }.
delete-visitor-data = حذف بيانات زائر
delete-their-conversations = حذف محادثاته
delete-confirm = حذف كل المحادثات المنتهية لـ { $name }؟ لا يمكن التراجع عن ذلك.
delete-for-good = حذف نهائي
cancel = إلغاء
