## Announcements.
## Kyrgyz.

cmd-notifications = Кулактандырууларды күйгүзүү же өчүрүү
notifications-on = 🔔 Кулактандыруулар күйгүзүлдү. Эрежелер өзгөргөндө же маанилүү жаңылык болгондо гана жазабыз.
notifications-off = 🔕 Кулактандыруулар өчүрүлдү. Кайра күйгүзүү: /notifications

broadcast-ask-message = 📣 Кулактандырууну жөнөтүңүз: текст, сүрөт же документ. Жокко чыгаруу: /cancel
broadcast-ask-audience = Кимге жөнөтөбүз?
broadcast-audience-all = 👥 Баарына
broadcast-cancel = ❌ Жокко чыгаруу
broadcast-cancelled = Таратуу жокко чыгарылды.
broadcast-confirm = ✅ Жөнөтүү
broadcast-preview =
    👆 Адамдар кулактандырууну ушундай көрөт.
    Кимге: { $audience }. Алуучулар: { $recipients }. Өткөрүлүп жиберилди (ботту бөгөттөгөндөр): { $skipped }. Кулактандырууларды өчүргөндөр (албайт): { $off }.
broadcast-progress = 📣 Жөнөтүлдү: { $total } ичинен { $sent }. Ботту бөгөттөгөндөр: { $blocked }. Алдын ала өткөрүлүп жиберилди: { $skipped }.
broadcast-done =
    ✅ Таратуу бүттү: { $total } ичинен { $sent } жеткирилди.
    Ботту бөгөттөгөндөр: { $blocked }. Алдын ала өткөрүлүп жиберилди: { $skipped }. Каталар: { $failed }.
    Убакыт: { $seconds } сек (секундасына { $rate } билдирүү).
announcement-label = 📣 mi-Help кулактандыруусу
announcement-turn-off = 🔕 Кулактандырууларды өчүрүү
