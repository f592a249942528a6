## The staff group (consultants). Shown in STAFF_LANGUAGE.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

staff-header =
    🆕 <b>Maslahat #{ $code }</b>
    Rol: { $role }
    Til: { $language }
staff-header-article = Maqola boʻyicha savol: { $article }
staff-header-urgent = 🚨 Shoshilinch: xabarda xavf belgilari bor.
staff-topic-recreated = ♻️ Mavzu oʻchirilgan edi, u qaytadan yaratildi. Soʻnggi xabarlar quyida nusxalangan.
staff-header-help =
    Javobni shu mavzuda yozing: hammasi odamga anonim tarzda, rol nomidan boradi.
    Buyruqlar: /take — olish, /close — yopish, /reopen — qayta ochish, /ban sabab — bloklash.
    /note va // bilan boshlanadigan xabarlar guruh ichida qoladi.
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
