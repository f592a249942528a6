## Anonymous consultations: the migrant's side.

menu-consult = 💬 Спросить консультанта
cmd-consult = Спросить консультанта
cmd-forget = Удалить мои данные

consult-role-lawyer = ⚖️ Юрист
consult-role-doctor = 🩺 Врач
consult-role-social = 🤝 Социальный работник
consult-prefix-lawyer = ⚖️ Юрист:
consult-prefix-doctor = 🩺 Врач:
consult-prefix-social = 🤝 Социальный работник:

consult-consent =
    💬 <b>Анонимная консультация</b>

    • Консультант не видит ваше имя, ник и номер телефона.
    • Не пишите номер паспорта и адрес, если вас не спросили.
    • Это не для срочных случаев. Если опасно или человеку плохо — звоните 112 (/sos).

    Кому вы хотите написать?
consult-your-tickets = Ваши открытые консультации:
consult-ticket-line = #{ $code } · { $role } · { $status }
consult-status-draft = вы ещё не написали
consult-status-waiting = ждёт ответа консультанта
consult-status-answered = есть ответ
consult-status-closed = закрыта

consult-btn-ask-about = 💬 Спросить консультанта об этом
consult-btn-continue = ✍️ Продолжить #{ $code } { $role }
consult-btn-reply = ✍️ Ответить
consult-btn-close = ✅ Закрыть консультацию

consult-write-prompt =
    ✍️ Напишите ваш вопрос. Адресат: { $role }.
    Можно текстом, голосом, фото или документом.
consult-write-more = ✍️ Пишите: { $role }, консультация #{ $code }. Ваши сообщения уйдут консультанту.
consult-sent-first =
    ✅ Отправлено. Консультация #{ $code }.
    Ответ придёт сюда, в этот чат. Обычно это занимает несколько часов.
    Можете дописать ещё сообщения.

consult-too-fast = ⏳ Вы пишете слишком быстро. Это сообщение НЕ отправлено. Подождите минуту и отправьте его снова.
consult-unsupported = Такое сообщение нельзя отправить консультанту. Отправьте текст, голосовое, фото или документ.
consult-no-contacts = 🔒 Ради вашей безопасности контакты с номером телефона не отправляются консультантам.
consult-place-confirm = 📍 Вы отправили место на карте. Если отправить его консультанту, он увидит, где вы находитесь. Отправить?
consult-place-send = 📍 Да, отправить
consult-place-keep = ❌ Нет, не отправлять
consult-place-sent = 📍 Место отправлено консультанту.
consult-place-kept = 🔒 Хорошо, место не отправлено. Консультант его не видит.
consult-banned = Вы больше не можете писать консультантам. Справка в меню по-прежнему доступна.
consult-closed-write-new = Эта консультация закрыта. Чтобы спросить снова, откройте меню → «Спросить консультанта».
consult-closed-ok = Консультация закрыта.
consult-closed-by-user = ✅ Вы закрыли консультацию #{ $code }.
consult-closed-by-staff = ✅ Консультант закрыл консультацию #{ $code }.
consult-auto-closed = Консультация #{ $code } закрыта: в ней не было сообщений { $days ->
        [one] { $days } день
        [few] { $days } дня
       *[many] { $days } дней
    }. Если нужна помощь, начните новую.
consult-reopened = Консультация #{ $code } снова открыта. Можете писать.
consult-rate-ask = Оцените, пожалуйста, помощь:
consult-rated = Спасибо за оценку!


forget-confirm =
    🗑 Удалить все ваши данные?
    Мы удалим язык, консультации и сообщения. Это нельзя отменить.
forget-yes = Да, удалить всё
forget-no = Нет
forget-cancelled = Хорошо, ничего не удалено.
forget-done = ✅ Все ваши данные удалены. Чтобы начать заново, отправьте /start.
