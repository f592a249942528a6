## Anonymous consultations: the migrant's side.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

menu-consult = 💬 Maslahatchidan soʻrash
cmd-consult = Maslahatchidan soʻrash
cmd-forget = Maʼlumotlarimni oʻchirish

consult-role-lawyer = ⚖️ Yurist
consult-role-doctor = 🩺 Shifokor
consult-role-social = 🤝 Ijtimoiy xodim
consult-prefix-lawyer = ⚖️ Yurist:
consult-prefix-doctor = 🩺 Shifokor:
consult-prefix-social = 🤝 Ijtimoiy xodim:

consult-consent =
    💬 <b>Anonim maslahat</b>

    • Maslahatchi ismingiz, foydalanuvchi nomingiz va telefon raqamingizni koʻrmaydi.
    • Sizdan soʻralmasa, pasport raqamingiz va manzilingizni yozmang.
    • Bu shoshilinch holatlar uchun emas. Xavf boʻlsa yoki odamning ahvoli yomon boʻlsa — 112 ga qoʻngʻiroq qiling (/sos).

    Kimga yozmoqchisiz?
consult-your-tickets = Ochiq maslahatlaringiz:
consult-ticket-line = #{ $code } · { $role } · { $status }
consult-status-draft = siz hali yozmadingiz
consult-status-waiting = maslahatchi javobini kutmoqda
consult-status-answered = javob bor
consult-status-closed = yopilgan

consult-btn-ask-about = 💬 Buni maslahatchidan soʻrash
consult-ask-doctor = 🩺 Shifokordan soʻrash
consult-ask-lawyer = ⚖️ Yuristdan soʻrash
consult-btn-continue = ✍️ Davom etish #{ $code } { $role }
consult-btn-reply = ✍️ Javob berish
consult-btn-close = 🔚 #{ $code } maslahatni yopish
consult-btn-close-yes = 🔚 Ha, yopish
consult-btn-close-no = ↩️ Yoʻq, yopmaslik

consult-write-prompt =
    ✍️ Savolingizni yozing. Kimga: { $role }.
    Matn, ovozli xabar, surat yoki hujjat yuborishingiz mumkin.
    🔒 Maslahatchi ismingiz va telefon raqamingizni koʻrmaydi.
consult-write-more = ✍️ Yozing: { $role }, maslahat #{ $code }. Xabarlaringiz maslahatchiga boradi.
consult-sent-first =
    ✅ Yuborildi. Maslahat #{ $code }.
    Javob shu yerga, shu chatga keladi. Odatda bunga bir necha soat ketadi.
    Yana xabar yozishingiz mumkin.

consult-too-fast = ⏳ Siz juda tez yozyapsiz. Bu xabar va bir daqiqa ichidagi keyingi xabarlar YUBORILMADI. Bir daqiqa kuting va ularni qayta yuboring.
consult-unsupported = Bunday xabarni maslahatchiga yuborib boʻlmaydi. Matn, ovozli xabar, surat yoki hujjat yuboring.
consult-no-contacts = 🔒 Xavfsizligingiz uchun telefon raqami bor kontaktlar maslahatchilarga yuborilmaydi.
consult-place-confirm = 📍 Siz xaritadagi joyni yubordingiz. Uni maslahatchiga yuborsangiz, u qayerdaligingizni koʻradi. Yuborilsinmi?
consult-place-send = 📍 Ha, yuborish
consult-place-keep = ❌ Yoʻq, yubormaslik
consult-place-sent = 📍 Joy maslahatchiga yuborildi.
consult-place-kept = 🔒 Yaxshi, joy yuborilmadi. Maslahatchi uni koʻrmaydi.
consult-banned = Siz endi maslahatchilarga yoza olmaysiz. Menyudagi maʼlumotlar avvalgidek ochiq.
consult-closed-write-new = Bu maslahat yopilgan. Yana soʻrash uchun menyuni oching → «Maslahatchidan soʻrash».
consult-close-confirm = #{ $code } raqamli maslahatni yopasizmi? Shundan keyin maslahatchi unda sizga javob bera olmaydi.
consult-closed-ok = 🔚 #{ $code } raqamli maslahat yopildi.
consult-kept-open = Yaxshi, #{ $code } raqamli maslahat ochiq qoladi. Javob shu yerga keladi.
consult-closed-by-user = 🔚 Siz #{ $code } raqamli maslahatni yopdingiz.
consult-closed-by-staff = 🔚 Maslahatchi #{ $code } raqamli maslahatni yopdi.
consult-auto-closed = #{ $code } raqamli maslahat yopildi: unda { $days ->
        [one] { $days } kun
       *[other] { $days } kun
    } davomida xabar boʻlmadi. Yordam kerak boʻlsa, yangisini boshlang.
consult-reopened = #{ $code } raqamli maslahat yana ochildi. Yozishingiz mumkin.
consult-rate-ask = Iltimos, yordamni baholang:
consult-rated = 🙏 Baholaganingiz uchun rahmat: { $stars }
held-offer =
    🎤 Bot ovozli xabarni eshita olmaydi, surat va fayllarni koʻra olmaydi. Maslahatchi esa qila oladi.
    Buni yurist, shifokor yoki ijtimoiy xodimga yuboraymi? Bu bepul va anonim.
held-btn-send = 📨 Maslahatchiga yuborish
held-choose-role = Kimga yuboray? Maslahatchi ismingiz va telefon raqamingizni koʻrmaydi.
held-sent-more = ✅ Yuborildi: { $role }, #{ $code } raqamli maslahat. Yana yozishingiz mumkin.


forget-confirm =
    🗑 Barcha maʼlumotlaringiz oʻchirilsinmi?
    Tilingiz, maslahatlaringiz va xabarlaringiz oʻchiriladi. Keyin ularni qaytarib boʻlmaydi.
forget-yes = Ha, hammasini oʻchirish
forget-no = Yoʻq
forget-cancelled = Yaxshi, hech narsa oʻchirilmadi.
forget-done = ✅ Barcha maʼlumotlaringiz oʻchirildi. Qaytadan boshlash uchun /start yuboring.
consult-passed = ➡️ #{ $code } raqamli maslahatingiz berildi: endi sizga { $role } javob beradi. Shu yerga yozishda davom etishingiz mumkin.
