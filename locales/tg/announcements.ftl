## Announcements.
## Tajik.

cmd-notifications = Фаъол ё хомӯш кардани эълонҳо
notifications-on = 🔔 Эълонҳо фаъол шуданд. Мо танҳо вақте менависем, ки қоидаҳо иваз мешаванд ё хабари муҳим ҳаст.
notifications-off = 🔕 Эълонҳо хомӯш шуданд. Барои боз фаъол кардан: /notifications

broadcast-ask-message = 📣 Эълонро фиристед: матн, акс ё ҳуҷҷат. Бекор кардан: /cancel
broadcast-ask-audience = Ба кӣ фиристем?
broadcast-audience-all = 👥 Ба ҳама
broadcast-cancel = ❌ Бекор кардан
broadcast-cancelled = Фиристодани эълон бекор шуд.
broadcast-confirm = ✅ Фиристодан
broadcast-preview =
    👆 Одамон эълонро ҳамин тавр мебинанд.
    Ба кӣ: { $audience }. Гирандагон: { $recipients }. Хориҷ шуданд (ботро блок карданд): { $skipped }. Эълонҳоро хомӯш карданд (намегиранд): { $off }.
broadcast-progress = 📣 Фиристода шуд: { $sent } аз { $total }. Ботро блок карданд: { $blocked }. Пешакӣ хориҷ шуданд: { $skipped }.
broadcast-done =
    ✅ Фиристодани эълон анҷом ёфт: { $sent } аз { $total } расонида шуд.
    Ботро блок карданд: { $blocked }. Пешакӣ хориҷ шуданд: { $skipped }. Хатоҳо: { $failed }.
    Вақт: { $seconds } с ({ $rate } паём дар як сония).
announcement-label = 📣 Эълони mi-Help
announcement-turn-off = 🔕 Хомӯш кардани эълонҳо
