# Os textos da caixa de entrada (português). As mesmas mensagens, na mesma
# ordem de en.ftl (core::inbox_texts verifica).

## A moldura
app-title = Caixa de entrada do Switchboard
loading = Carregando…
try-again = Tentar de novo
menu = Menu
nav-main = Principal
nav-discuss = Conversar
nav-history = Histórico
nav-channels = Canais
nav-chatbots = Chatbots
nav-configuration = Configuração
account-menu = Menu da conta de { $name }
account = Conta
my-profile = Meu perfil
log-out = Sair
messages-none-unread = Mensagens, nenhuma por ler
messages-one-unread = Mensagens, 1 conversa por ler
messages-unread = Mensagens, conversas por ler: { $count }
your-conversations = Suas conversas
no-conversation-of-yours = Nenhuma conversa sua.
unread-count = por ler: { $count }

## Entrar
session-ended = Sua sessão terminou. Entre novamente.
have-account = Tenho uma conta: entrar
create-workspace = Criar um espaço de trabalho
logged-in = Sessão iniciada.
log-in = Entrar
login = Usuário
password = Senha
logging-in = Entrando…
workspace-created = Espaço de trabalho criado.
workspace-name = Nome do espaço de trabalho
your-name = Seu nome
create-workspace-button = Criar o espaço de trabalho
server-unreachable = Não foi possível contatar o servidor. Verifique sua conexão e tente de novo.
offline = Você está offline. A caixa de entrada vai se conectar assim que a rede voltar.
server-answered = O servidor respondeu { $what }.

## Conversar
conversations = Conversas
keyboard-hint = Alt+↓ e Alt+↑ abrem a conversa seguinte e a anterior; ↓ e ↑ se movem nesta lista.
reconnecting = Reconectando…
back-to-conversations = ← Conversas
select-conversation = Escolha uma conversa.
nobody-online = Ninguém online
online = Online: { $name }
no-conversations-yet = Ainda não há conversas.
one-waiting = 1 visitante está esperando.
more-waiting = Mais de { $count } visitantes estão esperando.
waiting = Visitantes esperando: { $count }.
longest-listed = Estão listados os que esperam há mais tempo ({ $count }).
state-ended = encerrada
state-with-chatbot = com o chatbot
state-answer-by-email = para responder por e-mail
state-waiting = esperando
offline-message = mensagem offline
rated = avaliação: { $what }
time-now = agora
time-just-now = agora mesmo

## Uma conversa
conversation = Conversa
messages = Mensagens
transferring-to = Transferindo para { $name }…
commands = Comandos: { $what }. Comece com // para enviar uma mensagem que começa com /.
transfer-whom = Diga para quem: /transfer NOME.
not-a-command = “/{ $name }” não é um comando; /help lista os comandos.
author-visitor = Visitante
author-bot = { $name } (chatbot)
rating-good = boa
rating-ok = razoável
rating-bad = ruim
conversation-has-ended = Esta conversa foi encerrada.
not-yours = Outra pessoa está com esta conversa: assuma-a para escrever.
too-long = As mensagens têm no máximo { $count } caracteres.
not-connected = Sem conexão no momento; tente de novo em instantes.
refused = O serviço de chat recusou; tente de novo.
their-email = o e-mail dele
left-offline = Deixada quando ninguém estava online: responda por e-mail para { $name }.
visitor-rated = O visitante avaliou esta conversa: { $what }.
identity-verified = { $name } — verificado pelo site
identity-unverified = { $name } — não verificado (o site não assinou)
not-given = Não informado
about-visitor = Sobre o visitante
languages = Idiomas
not-said = Não informados
country = País
unknown = Desconhecido
site-account = Conta no site
on-the-page = Na página
pages-visited = Páginas visitadas
pages-visited-oldest-first = Páginas visitadas, a mais antiga primeiro
earlier-conversations = Conversas anteriores
none-in-channel = Nenhuma neste canal
seen = Vista
you-sending = Você · enviando…
answer-by-email = Responder por e-mail para { $name }
reply-kept = Esta conversa terminou antes de sua resposta chegar. Sua resposta fica abaixo para copiar.
connection-lost = Conexão perdida. Reconectando…
visitor-typing = O visitante está digitando…
transfer-or-end = Transferir ou encerrar
visitor-ended = O visitante encerrou esta conversa.
someone-ended = { $name } encerrou esta conversa.
reply = Resposta
write-a-reply = Escreva uma resposta…
send = Enviar
composer-hint = :: insere uma resposta pronta; /help lista os comandos.
conversation-actions = Ações da conversa
ending = Encerrando…
end-conversation = Encerrar a conversa
held-by = { $name } está com esta conversa: você pode lê-la; assuma-a para escrever.
take-over = Assumir
member-online = online
member-offline = offline
transfer = Transferir
transfer-to = Transferir para
back-to-queue = Devolver à fila
transferred-to = Transferida para { $name }.
sent-back-to-queue = Devolvida à fila.
nobody-called = Ninguém chamado “{ $name }” entrou neste canal.

## Janelas de chat
chat-windows = Janelas de chat
chat-window = Janela de chat
chat-with = Chat com { $name }
close-chat-with = Fechar o chat com { $name }
fold = Recolher
unfold = Expandir
close = Fechar

## Meu perfil
preferences = Preferências
preferences-saved = Preferências salvas.
online-chat-name = Nome no chat
online-chat-name-hint = Mostrado aos visitantes. Se vazio, eles veem seu nome, { $name }.
online-chat-languages = Idiomas do chat
live-chat-expertise = Especialidades do chat
inbox-language = Idioma da caixa de entrada
browser-language = O idioma deste navegador
save = Salvar

## Avisos
new-message-from = Nova mensagem de { $name }
desktop-notifications-on = As notificações na área de trabalho estão ativadas.
notifications-blocked = As notificações estão bloqueadas nas configurações deste site no navegador.
play-sound = Tocar um som para novas mensagens
turn-on-desktop-notifications = Ativar notificações na área de trabalho
push-service-unreachable = Este navegador não conseguiu contatar seu serviço de push; tente mais tarde.
no-push-here = Este navegador não pode receber notificações push.
notify-this-device = Notificar este dispositivo quando a caixa de entrada estiver fechada

## Arquivos
files = Arquivos
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } bytes
at-most-files = Envie no máximo { $count } arquivos de uma vez.
uploading = Enviando { $file } ({ $count } de { $what })…
not-sent = { $file } não foi enviado: { $what }
attach-files = Anexar arquivos
upload-progress = Progresso do envio

## Histórico
searching = Pesquisando…
no-match = Nenhuma conversa encerrada corresponde.
one-conversation = 1 conversa
conversations-more = Conversas: { $count }, há mais abaixo
conversations-count = Conversas: { $count }
search-ended = Pesquisar conversas encerradas
words-in-messages = Palavras nas mensagens
channel = Canal
all-channels = Todos os canais
handled-by = Atendida por
anyone = Qualquer pessoa
me = Eu
ended-from = Encerrada a partir de
ended-until = Encerrada até
rating = Avaliação
any = Qualquer
rating-good-option = Boa
rating-ok-option = Razoável
rating-bad-option = Ruim
visitors-email = E-mail do visitante
search = Pesquisar
ended-conversations = Conversas encerradas
load-more = Carregar mais
not-rated = Sem avaliação
transcript = Transcrição
nobody = Ninguém
started = Iniciada
ended = Encerrada
deleted-one = 1 conversa excluída.
deleted-count = Conversas excluídas: { $count }.
delete-visitor-data = Excluir os dados de um visitante
delete-their-conversations = Excluir as conversas dele
delete-confirm = Excluir todas as conversas encerradas de { $name }? Não é possível desfazer.
delete-for-good = Excluir definitivamente
cancel = Cancelar
