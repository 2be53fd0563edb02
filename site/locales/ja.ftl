# 受信箱のテキスト（日本語）。en.ftl と同じメッセージを同じ順序で
# （core::inbox_texts が確認します）。

## 枠
app-title = Switchboard 受信箱
loading = 読み込み中…
try-again = 再試行
menu = メニュー
nav-main = メイン
nav-discuss = ディスカッション
nav-history = 履歴
nav-channels = チャネル
nav-chatbots = チャットボット
nav-configuration = 設定
account-menu = { $name } のアカウントメニュー
account = アカウント
my-profile = マイプロフィール
log-out = ログアウト
messages-none-unread = メッセージ、未読なし
messages-one-unread = メッセージ、未読の会話 1 件
messages-unread = メッセージ、未読の会話 { $count } 件
your-conversations = あなたの会話
no-conversation-of-yours = あなたの会話はありません。
unread-count = 未読 { $count } 件

## ログイン
session-ended = セッションが終了しました。もう一度ログインしてください。
have-account = アカウントをお持ちの方：ログイン
create-workspace = ワークスペースを作成
logged-in = ログインしました。
log-in = ログイン
login = ログイン名
password = パスワード
logging-in = ログイン中…
workspace-created = ワークスペースを作成しました。
workspace-name = ワークスペース名
your-name = お名前
create-workspace-button = ワークスペースを作成
server-unreachable = サーバーに接続できません。接続を確認して、もう一度お試しください。
offline = オフラインです。ネットワークが戻りしだい受信箱が接続します。
server-answered = サーバーの応答：{ $what }

## ディスカッション
conversations = 会話
keyboard-hint = Alt+↓ と Alt+↑ で次と前の会話を開き、↓ と ↑ でこの一覧を移動します。
reconnecting = 再接続中…
back-to-conversations = ← 会話
select-conversation = 会話を選んでください。
nobody-online = オンラインの担当者はいません
online = オンライン：{ $name }
no-conversations-yet = まだ会話はありません。
one-waiting = 1 人の訪問者が待っています。
more-waiting = { $count } 人を超える訪問者が待っています。
waiting = 待っている訪問者：{ $count } 人。
longest-listed = 最も長く待っている { $count } 人を表示しています。
state-ended = 終了
state-with-chatbot = チャットボット対応中
state-answer-by-email = メールで返信
state-waiting = 待機中
offline-message = オフラインメッセージ
rated = 評価：{ $what }
time-now = 今
time-just-now = たった今

## 会話
conversation = 会話
messages = メッセージ
transferring-to = { $name } に転送中…
commands = コマンド：{ $what }。/ で始まるメッセージを送るには // で始めてください。
transfer-whom = 転送先を指定してください：/transfer 名前
not-a-command = 「/{ $name }」はコマンドではありません。/help で一覧を表示します。
author-visitor = 訪問者
author-bot = { $name }（チャットボット）
rating-good = 良い
rating-ok = 普通
rating-bad = 悪い
conversation-has-ended = この会話は終了しました。
not-yours = 別の担当者がこの会話を担当しています。書き込むには引き継いでください。
too-long = メッセージは { $count } 文字までです。
not-connected = 現在接続されていません。少ししてからもう一度お試しください。
refused = チャットサービスに拒否されました。もう一度お試しください。
their-email = 訪問者のメールアドレス
left-offline = 誰もオンラインでない間に残されました：{ $name } にメールで返信してください。
visitor-rated = 訪問者はこの会話を評価しました：{ $what }。
identity-verified = { $name } — サイトにより確認済み
identity-unverified = { $name } — 未確認（サイトの署名なし）
not-given = 未指定
about-visitor = 訪問者について
languages = 言語
not-said = 未指定
country = 国
unknown = 不明
site-account = サイトのアカウント
on-the-page = 閲覧中のページ
pages-visited = 閲覧したページ
pages-visited-oldest-first = 閲覧したページ（古い順）
earlier-conversations = 以前の会話
none-in-channel = このチャネルにはありません
seen = 既読
you-sending = あなた · 送信中…
answer-by-email = { $name } にメールで返信
reply-kept = 返信が届く前にこの会話は終了しました。返信はコピーできるよう下に残してあります。
connection-lost = 接続が切れました。再接続中…
visitor-typing = 訪問者が入力中…
transfer-or-end = 転送または終了
visitor-ended = 訪問者がこの会話を終了しました。
someone-ended = { $name } がこの会話を終了しました。
reply = 返信
write-a-reply = 返信を入力…
send = 送信
composer-hint = :: で定型文を挿入、/help でコマンド一覧を表示します。
conversation-actions = 会話の操作
ending = 終了中…
end-conversation = 会話を終了
held-by = { $name } がこの会話を担当しています。閲覧はできます。書き込むには引き継いでください。
take-over = 引き継ぐ
member-online = オンライン
member-offline = オフライン
transfer = 転送
transfer-to = 転送先
back-to-queue = 待ち行列に戻す
transferred-to = { $name } に転送しました。
sent-back-to-queue = 待ち行列に戻しました。
nobody-called = 「{ $name }」という担当者はこのチャネルに参加していません。

## チャットウィンドウ
chat-windows = チャットウィンドウ
chat-window = チャットウィンドウ
chat-with = { $name } とのチャット
close-chat-with = { $name } とのチャットを閉じる
fold = 折りたたむ
unfold = 開く
close = 閉じる

## マイプロフィール
preferences = 個人設定
preferences-saved = 個人設定を保存しました。
online-chat-name = チャット表示名
online-chat-name-hint = 訪問者に表示されます。空欄の場合はお名前（{ $name }）が表示されます。
online-chat-languages = チャット対応言語
live-chat-expertise = チャットの専門分野
inbox-language = 受信箱の言語
browser-language = このブラウザーの言語
save = 保存

## 通知
new-message-from = { $name } から新しいメッセージ
desktop-notifications-on = デスクトップ通知はオンです。
notifications-blocked = このブラウザーのサイト設定で通知がブロックされています。
play-sound = 新しいメッセージで音を鳴らす
turn-on-desktop-notifications = デスクトップ通知をオンにする
push-service-unreachable = このブラウザーはプッシュサービスに接続できませんでした。後でもう一度お試しください。
no-push-here = このブラウザーはプッシュ通知を受け取れません。
notify-this-device = 受信箱を閉じている間もこのデバイスに通知する

## ファイル
files = ファイル
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } バイト
at-most-files = 一度に送れるファイルは { $count } 個までです。
uploading = { $file } をアップロード中（{ $count } / { $what }）…
not-sent = { $file } は送信されませんでした：{ $what }
attach-files = ファイルを添付
upload-progress = アップロードの進行状況

## 履歴
searching = 検索中…
no-match = 一致する終了済みの会話はありません。
one-conversation = 会話 1 件
conversations-more = 会話 { $count } 件（続きは下に）
conversations-count = 会話 { $count } 件
search-ended = 終了した会話を検索
words-in-messages = メッセージ内の語句
channel = チャネル
all-channels = すべてのチャネル
handled-by = 担当者
anyone = 全員
me = 自分
ended-from = 終了日（から）
ended-until = 終了日（まで）
rating = 評価
any = すべて
rating-good-option = 良い
rating-ok-option = 普通
rating-bad-option = 悪い
visitors-email = 訪問者のメールアドレス
search = 検索
ended-conversations = 終了した会話
load-more = さらに読み込む
not-rated = 評価なし
transcript = 記録
nobody = なし
started = 開始
ended = 終了
deleted-one = 会話を 1 件削除しました。
deleted-count = 会話を { $count } 件削除しました。
delete-visitor-data = 訪問者のデータを削除
delete-their-conversations = この訪問者の会話を削除
delete-confirm = { $name } の終了した会話をすべて削除しますか？元に戻せません。
delete-for-good = 完全に削除
cancel = キャンセル
