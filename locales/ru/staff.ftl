## The staff group (consultants). Shown in STAFF_LANGUAGE.

staff-header =
    🆕 <b>Консультация #{ $code }</b>
    Роль: { $role }
    Язык: { $language }
staff-header-article = Вопрос по статье: { $article }
staff-header-urgent = 🚨 Срочно: в сообщении есть признаки опасности.
staff-topic-recreated = ♻️ Тема была удалена и создана заново. Недавние сообщения скопированы ниже.
staff-header-help =
    Пишите ответ в этой теме: всё уйдёт человеку анонимно, от имени роли.
    Команды: /take — взять, /close — закрыть, /reopen — открыть снова, /ban причина — заблокировать.
    /note и сообщения, которые начинаются с //, остаются внутри группы.
staff-not-a-ticket = Это сообщение не относится к консультации. Пишите в теме консультации или ответом на её сообщение.
staff-not-consultant = Отвечать и управлять консультациями могут только консультанты из списка CONSULTANT_IDS. Ваше сообщение человеку не отправлено.
staff-ban-admins-only = Блокировать может только администратор группы. Человек не заблокирован.
staff-taken = ✋ #{ $code } взял(а): { $name }
staff-already-closed = #{ $code } уже закрыта.
staff-reopened = 🔓 #{ $code } снова открыта, человеку сообщили.
staff-cannot-reopen = #{ $code } нельзя открыть снова (она открыта или человек удалил свои данные).
staff-user-gone = Человек удалил свои данные: ответ по #{ $code } доставить нельзя.
staff-ticket-closed = #{ $code } закрыта: ответ не отправлен. Откройте её снова командой /reopen.
staff-closed-by-user = ✅ Человек закрыл #{ $code }.
staff-closed-by-staff = ✅ #{ $code } закрыта консультантом, человеку сообщили.
staff-auto-closed = ⌛ #{ $code } закрыта автоматически: нет сообщений { $days } дн.
staff-rated = ⭐ Оценка #{ $code }: { $stars }
staff-user-blocked = 🚫 Человек из #{ $code } заблокировал бота. Ответы будут доставлены, если он разблокирует.
staff-user-unblocked = ✅ Человек из #{ $code } снова доступен.
staff-banned = ⛔ Человек из #{ $code } заблокирован. Причина: { $reason }
staff-sla = ⏰ #{ $code }: нет ответа уже { $minutes } мин.
staff-message-gone = ⚠️ #{ $code }: человек удалил сообщение до того, как его скопировали.
staff-relay-failed = ⚠️ #{ $code }: Telegram не принял ответ, человек его не получил. Отправьте ещё раз, короче или без оформления.
staff-urgent = 🚨 #{ $code }: признаки опасности ({ $categories }). Человеку отправлены экстренные номера.
staff-crisis-self-harm = угроза себе
staff-crisis-violence = насилие
staff-crisis-trafficking = отобраны документы / принудительный труд
staff-crisis-medical = экстренная медицинская ситуация
