## Announcements.

cmd-notifications = Включить или выключить объявления
notifications-on = 🔔 Объявления включены. Мы пишем, только когда меняются правила или есть важная новость.
notifications-off = 🔕 Объявления выключены. Включить снова: /notifications

broadcast-ask-message = 📣 Пришлите объявление: текст, фото или документ. Отмена: /cancel
broadcast-ask-audience = Кому отправить?
broadcast-audience-all = 👥 Всем
broadcast-cancel = ❌ Отмена
broadcast-cancelled = Рассылка отменена.
broadcast-confirm = ✅ Отправить
broadcast-preview =
    👆 Так люди увидят объявление.
    Кому: { $audience }. Получат: { $recipients }. Пропущены (заблокировали бота): { $skipped }. Выключили объявления (не получат): { $off }.
broadcast-progress = 📣 Отправлено { $sent } из { $total }. Заблокировали бота: { $blocked }. Пропущены заранее: { $skipped }.
broadcast-done =
    ✅ Рассылка завершена: доставлено { $sent } из { $total }.
    Заблокировали бота: { $blocked }. Пропущены заранее: { $skipped }. Ошибки: { $failed }.
    Время: { $seconds } с ({ $rate } сообщений в секунду).
announcement-label = 📣 Объявление mi-Help
announcement-turn-off = 🔕 Выключить объявления
