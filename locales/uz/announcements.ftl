## Announcements.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

cmd-notifications = Eʼlonlarni yoqish yoki oʻchirish
notifications-on = 🔔 Eʼlonlar yoqildi. Biz faqat qoidalar oʻzgarganda yoki muhim yangilik boʻlganda yozamiz.
notifications-off = 🔕 Eʼlonlar oʻchirildi. Qayta yoqish: /notifications

broadcast-ask-message = 📣 Eʼlonni yuboring: matn, surat yoki hujjat. Bekor qilish: /cancel
broadcast-ask-audience = Kimga yuborilsin?
broadcast-audience-all = 👥 Hammaga
broadcast-cancel = ❌ Bekor qilish
broadcast-cancelled = Eʼlon yuborish bekor qilindi.
broadcast-confirm = ✅ Yuborish
broadcast-preview =
    👆 Odamlar eʼlonni shunday koʻradi.
    Kimga: { $audience }. Oluvchilar: { $recipients }. Oʻtkazib yuborildi (botni bloklagan): { $skipped }. Eʼlonlarni oʻchirganlar (olmaydi): { $off }.
broadcast-progress = 📣 Yuborildi: { $total } tadan { $sent } ta. Botni bloklagan: { $blocked }. Oldindan oʻtkazib yuborildi: { $skipped }.
broadcast-done =
    ✅ Eʼlon yuborish tugadi: { $total } tadan { $sent } ta yetkazildi.
    Botni bloklagan: { $blocked }. Oldindan oʻtkazib yuborildi: { $skipped }. Xatolar: { $failed }.
    Vaqt: { $seconds } s (soniyasiga { $rate } ta xabar).
announcement-label = 📣 mi-Help eʼloni
announcement-turn-off = 🔕 Eʼlonlarni oʻchirish
