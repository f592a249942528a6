## Reach: listen, share, the printable guide.

btn-listen = 🔊 Слушать
btn-share = 📤 Поделиться
btn-listen-russian = 🔊 Слушать (по-русски)
listen-no-voice = Голоса на вашем языке пока нет. Можно послушать этот текст на русском.
listen-unavailable = 🔇 Озвучка сейчас недоступна. Попробуйте позже.
share-text =
    📤 Перешлите это сообщение другу или в группу земляков.
    Ссылка откроет ответ в боте mi-Help:
share-open = 📖 Открыть в mi-Help
share-inline = 💬 Отправить в чат
inline-footer = Полный ответ — в боте mi-Help 👇

menu-guide = 📄 Памятка для печати
cmd-guide = Памятка PDF для печати
guide-caption = 📄 Памятка mi-Help: главные правила, экстренные номера и адреса в Казани. Можно распечатать.
guide-title = Памятка для трудовых мигрантов в Казани
guide-made = Составлено { DATETIME($date, dateStyle: "medium") }. Проверяйте новые правила в боте.
guide-scan-bot = Наведите камеру телефона — откроется бот mi-Help: ответы на вашем языке и анонимный вопрос юристу, врачу или социальному работнику.
guide-checklist = Первые 30 дней
guide-rules = Главные правила
guide-emergency = Экстренные номера
guide-places = Куда обратиться в Казани
guide-scan-article = Подробнее в боте
guide-scan-map = Карта
guide-no-address = Адрес не подтверждён.
guide-approximate = Место на карте примерное: найдено программой по адресу, ещё не проверено.
guide-how-to-find = Как найти:
guide-disclaimer = Это общая информация, а не юридическая или медицинская консультация. Правила меняются: проверяйте дату и спрашивайте консультанта в боте.
