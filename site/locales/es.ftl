# Los textos de la bandeja de entrada (español). Mismos mensajes, mismo orden
# que en.ftl (core::inbox_texts lo comprueba).

## El marco
app-title = Bandeja de entrada de Switchboard
loading = Cargando…
try-again = Reintentar
menu = Menú
nav-main = Principal
nav-discuss = Conversar
nav-history = Historial
nav-channels = Canales
nav-chatbots = Chatbots
nav-configuration = Configuración
account-menu = Menú de la cuenta de { $name }
account = Cuenta
my-profile = Mi perfil
log-out = Cerrar sesión
messages-none-unread = Mensajes, ninguno sin leer
messages-one-unread = Mensajes, 1 conversación sin leer
messages-unread = Mensajes, conversaciones sin leer: { $count }
your-conversations = Tus conversaciones
no-conversation-of-yours = Ninguna conversación tuya.
unread-count = sin leer: { $count }

## Iniciar sesión
session-ended = Tu sesión ha terminado. Vuelve a iniciar sesión.
have-account = Tengo una cuenta: iniciar sesión
create-workspace = Crear un espacio de trabajo
logged-in = Sesión iniciada.
log-in = Iniciar sesión
login = Usuario
password = Contraseña
logging-in = Iniciando sesión…
workspace-created = Espacio de trabajo creado.
workspace-name = Nombre del espacio de trabajo
your-name = Tu nombre
create-workspace-button = Crear el espacio de trabajo
server-unreachable = No se puede contactar con el servidor. Comprueba tu conexión e inténtalo de nuevo.
offline = Estás sin conexión. La bandeja se conectará en cuanto vuelva la red.
server-answered = El servidor respondió { $what }.

## Conversar
conversations = Conversaciones
keyboard-hint = Alt+↓ y Alt+↑ abren la conversación siguiente y la anterior; ↓ y ↑ se mueven por esta lista.
reconnecting = Reconectando…
back-to-conversations = ← Conversaciones
select-conversation = Elige una conversación.
nobody-online = Nadie conectado
online = Conectados: { $name }
no-conversations-yet = Aún no hay conversaciones.
one-waiting = 1 visitante está esperando.
more-waiting = Más de { $count } visitantes están esperando.
waiting = Visitantes esperando: { $count }.
longest-listed = Se listan los que más tiempo llevan esperando ({ $count }).
state-ended = terminada
state-with-chatbot = con el chatbot
state-answer-by-email = para responder por correo
state-waiting = en espera
offline-message = mensaje fuera de línea
rated = valoración: { $what }
time-now = ahora
time-just-now = justo ahora

## Una conversación
conversation = Conversación
messages = Mensajes
transferring-to = Transfiriendo a { $name }…
commands = Comandos: { $what }. Empieza con // para enviar un mensaje que comience por /.
transfer-whom = Di a quién: /transfer NOMBRE.
not-a-command = «/{ $name }» no es un comando; /help los lista.
author-visitor = Visitante
author-bot = { $name } (chatbot)
rating-good = buena
rating-ok = correcta
rating-bad = mala
conversation-has-ended = Esta conversación ha terminado.
not-yours = Otra persona tiene esta conversación: tómala para escribir.
too-long = Los mensajes tienen un límite de { $count } caracteres.
not-connected = Sin conexión en este momento; inténtalo de nuevo en un instante.
refused = El servicio de chat lo rechazó; inténtalo de nuevo.
their-email = su correo
left-offline = Dejado cuando no había nadie conectado: responde por correo a { $name }.
visitor-rated = El visitante valoró esta conversación: { $what }.
identity-verified = { $name } — verificado por el sitio
identity-unverified = { $name } — sin verificar (el sitio no lo firmó)
not-given = No indicado
about-visitor = Sobre el visitante
languages = Idiomas
not-said = No indicados
country = País
unknown = Desconocido
site-account = Cuenta en el sitio
on-the-page = En la página
pages-visited = Páginas visitadas
pages-visited-oldest-first = Páginas visitadas, la más antigua primero
earlier-conversations = Conversaciones anteriores
none-in-channel = Ninguna en este canal
seen = Visto
you-sending = Tú · enviando…
answer-by-email = Responder por correo a { $name }
reply-kept = Esta conversación terminó antes de que llegara tu respuesta. Tu respuesta se guarda abajo para copiarla.
connection-lost = Conexión perdida. Reconectando…
visitor-typing = El visitante está escribiendo…
transfer-or-end = Transferir o terminar
visitor-ended = El visitante terminó esta conversación.
someone-ended = { $name } terminó esta conversación.
reply = Respuesta
write-a-reply = Escribe una respuesta…
send = Enviar
composer-hint = :: inserta una respuesta predefinida; /help lista los comandos.
conversation-actions = Acciones de la conversación
ending = Terminando…
end-conversation = Terminar la conversación
held-by = { $name } tiene esta conversación: puedes leerla; tómala para escribir.
take-over = Tomar
member-online = conectado
member-offline = desconectado
transfer = Transferir
transfer-to = Transferir a
back-to-queue = Devolver a la cola
transferred-to = Transferida a { $name }.
sent-back-to-queue = Devuelta a la cola.
nobody-called = Nadie llamado «{ $name }» se ha unido a este canal.

## Ventanas de chat
chat-windows = Ventanas de chat
chat-window = Ventana de chat
chat-with = Chat con { $name }
close-chat-with = Cerrar el chat con { $name }
fold = Plegar
unfold = Desplegar
close = Cerrar

## Mi perfil
preferences = Preferencias
preferences-saved = Preferencias guardadas.
online-chat-name = Nombre en el chat
online-chat-name-hint = Lo ven los visitantes. Si está vacío, ven tu nombre, { $name }.
online-chat-languages = Idiomas del chat
live-chat-expertise = Especialidades del chat
inbox-language = Idioma de la bandeja de entrada
browser-language = El idioma de este navegador
save = Guardar

## Avisos
new-message-from = Nuevo mensaje de { $name }
desktop-notifications-on = Las notificaciones de escritorio están activadas.
notifications-blocked = Las notificaciones están bloqueadas en los ajustes de este sitio del navegador.
play-sound = Reproducir un sonido con cada mensaje nuevo
turn-on-desktop-notifications = Activar las notificaciones de escritorio
push-service-unreachable = Este navegador no pudo contactar con su servicio push; inténtalo más tarde.
no-push-here = Este navegador no puede recibir notificaciones push.
notify-this-device = Avisar a este dispositivo cuando la bandeja esté cerrada

## Archivos
files = Archivos
size-mb = { $size } MB
size-kb = { $size } KB
size-bytes = { $size } bytes
at-most-files = Envía como máximo { $count } archivos a la vez.
uploading = Subiendo { $file } ({ $count } de { $what })…
not-sent = { $file } no se envió: { $what }
attach-files = Adjuntar archivos
upload-progress = Progreso de la subida

## Historial
searching = Buscando…
no-match = Ninguna conversación terminada coincide.
one-conversation = 1 conversación
conversations-more = Conversaciones: { $count }, hay más abajo
conversations-count = Conversaciones: { $count }
search-ended = Buscar en las conversaciones terminadas
words-in-messages = Palabras de los mensajes
channel = Canal
all-channels = Todos los canales
handled-by = Atendida por
anyone = Cualquiera
me = Yo
ended-from = Terminada desde
ended-until = Terminada hasta
rating = Valoración
any = Cualquiera
rating-good-option = Buena
rating-ok-option = Correcta
rating-bad-option = Mala
visitors-email = Correo del visitante
search = Buscar
ended-conversations = Conversaciones terminadas
load-more = Cargar más
not-rated = Sin valorar
transcript = Transcripción
nobody = Nadie
started = Empezada
ended = Terminada
deleted-one = 1 conversación eliminada.
deleted-count = Conversaciones eliminadas: { $count }.
delete-visitor-data = Eliminar los datos de un visitante
delete-their-conversations = Eliminar sus conversaciones
delete-confirm = ¿Eliminar todas las conversaciones terminadas de { $name }? No se puede deshacer.
delete-for-good = Eliminar definitivamente
cancel = Cancelar
