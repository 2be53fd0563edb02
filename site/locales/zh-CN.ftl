# 收件箱的文字（简体中文）。与 en.ftl 消息相同、顺序相同
# （core::inbox_texts 会检查）。

## 框架
app-title = Switchboard 收件箱
loading = 正在加载…
try-again = 重试
menu = 菜单
nav-main = 主菜单
nav-discuss = 讨论
nav-history = 历史
nav-channels = 渠道
nav-chatbots = 聊天机器人
nav-configuration = 配置
account-menu = { $name } 的账户菜单
account = 账户
my-profile = 我的资料
log-out = 退出登录
messages-none-unread = 消息，无未读
messages-one-unread = 消息，1 个未读会话
messages-unread = 消息，未读会话：{ $count }
your-conversations = 你的会话
no-conversation-of-yours = 你没有会话。
unread-count = 未读：{ $count }

## 登录
session-ended = 你的会话已结束，请重新登录。
have-account = 我有账户：登录
create-workspace = 创建工作区
logged-in = 已登录。
log-in = 登录
login = 登录名
password = 密码
logging-in = 正在登录…
workspace-created = 工作区已创建。
workspace-name = 工作区名称
your-name = 你的姓名
create-workspace-button = 创建工作区
server-unreachable = 无法连接服务器。请检查网络连接后重试。
offline = 你已离线。网络恢复后收件箱会自动连接。
server-answered = 服务器返回 { $what }。

## 讨论
conversations = 会话
keyboard-hint = Alt+↓ 和 Alt+↑ 打开下一个和上一个会话；↓ 和 ↑ 在此列表中移动。
reconnecting = 正在重新连接…
back-to-conversations = ← 会话
select-conversation = 请选择一个会话。
nobody-online = 无人在线
online = 在线：{ $name }
no-conversations-yet = 还没有会话。
one-waiting = 有 1 位访客在等待。
more-waiting = 超过 { $count } 位访客在等待。
waiting = 等待中的访客：{ $count }。
longest-listed = 列出等待最久的 { $count } 位。
state-ended = 已结束
state-with-chatbot = 由聊天机器人接待
state-answer-by-email = 需通过邮件回复
state-waiting = 等待中
offline-message = 离线留言
rated = 评价：{ $what }
time-now = 现在
time-just-now = 刚刚

## 会话
conversation = 会话
messages = 消息
transferring-to = 正在转接给 { $name }…
commands = 命令：{ $what }。以 // 开头可发送以 / 开头的消息。
transfer-whom = 请说明转给谁：/transfer 名字。
not-a-command = “/{ $name }”不是命令；/help 可列出命令。
author-visitor = 访客
author-bot = { $name }（聊天机器人）
rating-good = 好
rating-ok = 一般
rating-bad = 差
conversation-has-ended = 此会话已结束。
not-yours = 此会话由其他人负责：接管后才能回复。
too-long = 消息最多 { $count } 个字符。
not-connected = 当前未连接，请稍后重试。
refused = 聊天服务拒绝了该操作，请重试。
their-email = 其电子邮件
left-offline = 在无人在线时留下：请通过邮件回复 { $name }。
visitor-rated = 访客评价了此会话：{ $what }。
identity-verified = { $name } — 已由网站验证
identity-unverified = { $name } — 未验证（网站未签名）
not-given = 未提供
about-visitor = 关于访客
languages = 语言
not-said = 未说明
country = 国家/地区
unknown = 未知
site-account = 网站账户
on-the-page = 当前页面
pages-visited = 访问过的页面
pages-visited-oldest-first = 访问过的页面，最早的在前
earlier-conversations = 以往会话
none-in-channel = 此渠道中没有
seen = 已读
you-sending = 你 · 正在发送…
answer-by-email = 通过邮件回复 { $name }
reply-kept = 你的回复送达前此会话已结束。回复保留在下方，可复制。
connection-lost = 连接已断开，正在重新连接…
visitor-typing = 访客正在输入…
transfer-or-end = 转接或结束
visitor-ended = 访客结束了此会话。
someone-ended = { $name } 结束了此会话。
reply = 回复
write-a-reply = 输入回复…
send = 发送
composer-hint = :: 插入快捷回复；/help 列出命令。
conversation-actions = 会话操作
ending = 正在结束…
end-conversation = 结束会话
held-by = 此会话由 { $name } 负责：你可以查看；接管后才能回复。
take-over = 接管
member-online = 在线
member-offline = 离线
transfer = 转接
transfer-to = 转接给
back-to-queue = 退回队列
transferred-to = 已转接给 { $name }。
sent-back-to-queue = 已退回队列。
nobody-called = 没有名为“{ $name }”的人加入此渠道。

## 聊天窗口
chat-windows = 聊天窗口
chat-window = 聊天窗口
chat-with = 与 { $name } 聊天
close-chat-with = 关闭与 { $name } 的聊天
fold = 折叠
unfold = 展开
close = 关闭

## 我的资料
preferences = 偏好设置
preferences-saved = 偏好设置已保存。
online-chat-name = 聊天显示名
online-chat-name-hint = 向访客显示。留空时访客看到你的姓名 { $name }。
online-chat-languages = 聊天语言
live-chat-expertise = 聊天专长
inbox-language = 收件箱语言
browser-language = 此浏览器的语言
save = 保存

## 提醒
new-message-from = 来自 { $name } 的新消息
desktop-notifications-on = 桌面通知已开启。
notifications-blocked = 此浏览器的网站设置已阻止通知。
play-sound = 有新消息时播放提示音
turn-on-desktop-notifications = 开启桌面通知
push-service-unreachable = 此浏览器无法连接其推送服务，请稍后重试。
no-push-here = 此浏览器无法接收推送通知。
notify-this-device = 收件箱关闭时也通知此设备

## 文件
files = 文件
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } 字节
at-most-files = 一次最多发送 { $count } 个文件。
uploading = 正在上传 { $file }（第 { $count } 个，共 { $what } 个）…
not-sent = { $file } 未发送：{ $what }
attach-files = 添加附件
upload-progress = 上传进度

## 历史
searching = 正在搜索…
no-match = 没有匹配的已结束会话。
one-conversation = 1 个会话
conversations-more = 会话：{ $count }，下方还有更多
conversations-count = 会话：{ $count }
search-ended = 搜索已结束的会话
words-in-messages = 消息中的词语
channel = 渠道
all-channels = 所有渠道
handled-by = 处理人
anyone = 任何人
me = 我
ended-from = 结束日期自
ended-until = 结束日期至
rating = 评价
any = 全部
rating-good-option = 好
rating-ok-option = 一般
rating-bad-option = 差
visitors-email = 访客邮箱
search = 搜索
ended-conversations = 已结束的会话
load-more = 加载更多
not-rated = 未评价
transcript = 聊天记录
nobody = 无人
started = 开始
ended = 结束
deleted-one = 已删除 1 个会话。
deleted-count = 已删除会话：{ $count }。
delete-visitor-data = 删除访客数据
delete-their-conversations = 删除其会话
delete-confirm = 删除 { $name } 的所有已结束会话？此操作无法撤销。
delete-for-good = 永久删除
cancel = 取消
