## The staff group (consultants). Shown in STAFF_LANGUAGE.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

staff-header =
    🆕 <b>Maslahat #{ $code }</b>
    Rol: { $role }
    Til: { $language }
staff-header-article = Maqola boʻyicha savol: { $article }
staff-header-urgent = 🚨 Shoshilinch: xavf belgilari ({ $categories }).
staff-topic-recreated = ♻️ Mavzu qaytadan yaratildi (avvalgisi oʻchirilgan yoki maslahat boshqa guruhdan berilgan). Soʻnggi xabarlar quyida nusxalangan.
staff-header-help =
    Javobni shu mavzuda yozing: hammasi insonga anonim, rol nomidan boradi.
    /help — barcha buyruqlar. /note va // bilan boshlanadigan xabarlar guruh ichida qoladi.
staff-not-a-ticket = Bu xabar maslahatga tegishli emas. Maslahat mavzusida yoki uning xabariga javob qilib yozing.
staff-not-consultant = Faqat CONSULTANT_IDS roʻyxatidagi maslahatchilar javob bera oladi va maslahatlarni boshqara oladi. Xabaringiz odamga yuborilmadi.
staff-ban-admins-only = Faqat guruh administratori bloklay oladi. Odam bloklanmadi.
staff-taken = ✋ #{ $code }: { $name } oʻziga oldi
staff-already-closed = #{ $code } allaqachon yopilgan.
staff-reopened = 🔓 #{ $code } yana ochildi, odamga xabar berildi.
staff-cannot-reopen = #{ $code } maslahatini qayta ochib boʻlmaydi (u ochiq yoki odam oʻz maʼlumotlarini oʻchirgan).
staff-user-gone = Odam oʻz maʼlumotlarini oʻchirgan: #{ $code } boʻyicha javobni yetkazib boʻlmaydi.
staff-ticket-closed = #{ $code } yopilgan: javob yuborilmadi. Uni /reopen buyrugʻi bilan qayta oching.
staff-closed-by-user = ✅ Odam #{ $code } maslahatini yopdi.
staff-closed-by-staff = ✅ #{ $code } maslahatchi tomonidan yopildi, odamga xabar berildi.
staff-auto-closed = ⌛ #{ $code } avtomatik yopildi: { $days } kun davomida xabar yoʻq.
staff-rated = ⭐ #{ $code } bahosi: { $stars }
staff-user-blocked = 🚫 #{ $code }: odam botni bloklab qoʻydi. Blokdan chiqarsa, javoblar yetkaziladi.
staff-user-unblocked = ✅ #{ $code }: odam bilan yana bogʻlanish mumkin.
staff-banned = ⛔ #{ $code }: odam bloklandi. Sabab: { $reason }
staff-sla = ⏰ #{ $code }: { $minutes } daqiqadan beri javob yoʻq.
staff-message-gone = ⚠️ #{ $code }: odam xabarni nusxalanishidan oldin oʻchirib yubordi.
staff-relay-failed = ⚠️ #{ $code }: Telegram javobni qabul qilmadi, odam uni olmadi. Qaytadan yuboring: qisqaroq yoki bezaksiz.
staff-urgent = 🚨 #{ $code }: xavf belgilari ({ $categories }). Odamga favqulodda raqamlar yuborildi.
staff-crisis-self-harm = oʻziga zarar yetkazish xavfi
staff-crisis-violence = zoʻravonlik
staff-crisis-trafficking = hujjatlar olib qoʻyilgan / majburiy mehnat
staff-crisis-medical = shoshilinch tibbiy holat
staff-header-not-russian = ⚠️ Inson «{ $language }» tilini tanlagan va ruschani yaxshi oʻqimasligi mumkin: qisqa va sodda yozing yoki uning tilidagi tayyor javobni yuboring (/a).
staff-header-earlier = 🔁 Bu insonning { $number }-maslahati. Avvalgilari: { $codes }
staff-header-taken = 🙋 Oʻziga oldi: { $name }
staff-help =
    <b>Maslahat mavzusidagi buyruqlar</b>
    Mavzudagi har bir xabar insonga anonim, rol nomidan boradi.
    /take — maslahatni olish, /untake — uni hammaga qaytarish
    /a — tayyor javoblar; /a nomi — javobni inson tilida yuborish
    /pass doctor | lawyer | social — boshqa rolga berish
    /close — yopish, /reopen — qayta ochish
    /ban sabab — insonni bloklash (administratorlar)
    /note matn yoki // matn — guruh ichidagi eslatma, insonga bormaydi (✍ bilan belgilanadi)
staff-untaken = ↩️ #{ $code } yana boʻsh: uni istalgan maslahatchi olishi mumkin.
staff-not-taken = #{ $code } ni hech kim olmagan.
staff-pass-usage = Kimga berish kerak? Yozing: /pass { $roles }
staff-pass-same = #{ $code } allaqachon «{ $role }» rolida.
staff-pass-busy = Insonning «{ $role }» bilan ochiq maslahati bor: #{ $other }. Hech narsa berilmadi.
staff-passed = ➡️ #{ $code } berildi: { $before } → { $after }. Insonga oʻz tilida aytildi.
staff-answers-list = 📚 #{ $code } uchun tayyor javoblar (inson tilida boradi):
staff-answers-other = Boshqa rollar uchun: { $names }
staff-answer-unknown = Yuborilmadi: «{ $name }» degan tayyor javob yoʻq. Balki: { $suggestions }. Roʻyxat: /a
staff-answer-sent = 📤 #{ $code }: «{ $title }» tayyor javobi yuborildi ({ $language } tilida). Ruscha matni:
staff-unknown-command = Yuborilmadi: /{ $command } buyrugʻi yoʻq. Balki { $suggestions }? Barcha buyruqlar: /help
staff-unknown-command-no-guess = Yuborilmadi: /{ $command } buyrugʻi yoʻq. Barcha buyruqlar: /help
staff-person-forgot = 🗑 Inson oʻz maʼlumotlarini oʻchirdi; #{ $code } maslahati yopildi. Unga endi javob berib boʻlmaydi.
staff-passed-away = ➡️ #{ $code } berildi: { $before } → { $after }. Endi u shu rolning guruhida davom etadi; bu mavzu yopildi.
