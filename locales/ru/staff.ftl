## The staff group (consultants). Shown in STAFF_LANGUAGE.

staff-header =
    🆕 <b>Консультация #{ $code }</b>
    Роль: { $role }
    Язык: { $language }
staff-header-article = Вопрос по статье: { $article }
staff-header-urgent = 🚨 Срочно: признаки опасности ({ $categories }).
staff-topic-recreated = ♻️ Тема создана заново (прежнюю удалили, или консультацию передали из другой группы). Недавние сообщения скопированы ниже.
staff-header-help =
    Пишите ответ в этой теме: всё уйдёт человеку анонимно, от имени роли.
    /help — все команды. /note и сообщения, которые начинаются с //, остаются внутри группы.
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
staff-header-not-russian = ⚠️ Человек выбрал язык «{ $language }» и может плохо читать по-русски: пишите коротко и просто или отправьте готовый ответ на его языке (/a).
staff-header-earlier = 🔁 { $number }-я консультация этого человека. Раньше: { $codes }
staff-header-taken = 🙋 Взял(а): { $name }
staff-help =
    <b>Команды в теме консультации</b>
    Любое сообщение в теме уходит человеку анонимно, от имени роли.
    /take — взять консультацию, /untake — вернуть её всем
    /a — готовые ответы; /a имя — отправить ответ на языке человека
    /pass doctor | lawyer | social — передать другой роли
    /close — закрыть, /reopen — открыть снова
    /ban причина — заблокировать человека (администраторы)
    /note текст или // текст — заметка внутри группы, человеку не уходит (отмечается ✍)
staff-untaken = ↩️ #{ $code } снова свободна: её может взять любой консультант.
staff-not-taken = #{ $code } никто не брал.
staff-pass-usage = Кому передать? Напишите: /pass { $roles }
staff-pass-same = #{ $code } уже у роли «{ $role }».
staff-pass-busy = У человека уже есть открытая консультация с ролью «{ $role }»: #{ $other }. Ничего не передано.
staff-passed = ➡️ #{ $code } передана: { $before } → { $after }. Человеку сообщили на его языке.
staff-answers-list = 📚 Готовые ответы для #{ $code } (уходят на языке человека):
staff-answers-other = Для других ролей: { $names }
staff-answer-unknown = Не отправлено: готового ответа «{ $name }» нет. Может быть: { $suggestions }. Список: /a
staff-answer-sent = 📤 #{ $code }: отправлен готовый ответ «{ $title }» (на языке: { $language }). Текст по-русски:
staff-unknown-command = Не отправлено: команды /{ $command } нет. Может быть, { $suggestions }? Все команды: /help
staff-unknown-command-no-guess = Не отправлено: команды /{ $command } нет. Все команды: /help
staff-person-forgot = 🗑 Человек удалил свои данные; консультация #{ $code } закрыта. Ответить ему больше нельзя.
staff-passed-away = ➡️ #{ $code } передана: { $before } → { $after }. Дальше она идёт в группе этой роли; эта тема закрыта.
