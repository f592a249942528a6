## Knowledge base: browsing, articles, free-text search.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

menu-kb = 📚 Maʼlumot: huquq va hujjatlar
kb-categories-title = 📚 Mavzuni tanlang:
kb-cat-documents = 📄 Hujjatlar
kb-cat-work = 🧰 Ish
kb-cat-police = 👮 Politsiya va xavfsizlik
kb-cat-health = 🩺 Sogʻliq
kb-cat-life = 🏙 Qozonda hayot
kb-category-title = { $category }. Maqolani tanlang:
kb-page = { $page } / { $pages }
kb-sources = Manbalar:
kb-reviewed = Tekshirilgan: { DATETIME($date, dateStyle: "medium") }
kb-btn-more = 📖 Batafsil
kb-btn-sources = 📚 Manbalar
kb-disclaimer-legal = Bu umumiy maʼlumot, yurist maslahati emas. Sizning holatingiz boshqacha boʻlishi mumkin — yuristdan soʻrang.
kb-disclaimer-medical = Bu umumiy maʼlumot, shifokor maslahati emas. Ahvolingiz yomon boʻlsa — 103 yoki 112 ga qoʻngʻiroq qiling, shifokordan soʻrang.
kb-disclaimer-legal-short = Bu umumiy maʼlumot, yurist maslahati emas.
kb-disclaimer-medical-short = Bu umumiy maʼlumot, shifokor maslahati emas. Ahvolingiz yomon boʻlsa — 103 yoki 112 ga qoʻngʻiroq qiling.
kb-feedback-thanks = Javobingiz uchun rahmat!
kb-feedback-sorry = Javob yordam bermaganidan afsusdamiz. Matnni yaxshilaymiz. Boshqa boʻlimni topish uchun menyuni oching.
kb-feedback-sorry-ask = Javob yordam bermaganidan afsusdamiz. Matnni yaxshilaymiz. Maslahatchidan soʻrang — bu bepul va anonim. Yoki menyuni oching.

search-choices = 🔎 Balki sizga bulardan biri kerakdir:
search-nothing = 😔 Bu savolga javob topa olmadim. Boshqacha yoki qisqaroq yozib koʻring yoki menyudan mavzuni tanlang.
search-nothing-ask = 😔 Bu savolga javob topa olmadim. Boshqacha yoki qisqaroq yozib koʻring yoki shifokor yoki yuristdan soʻrang — bu bepul va anonim.

admin-reload-ok = ✅ Maʼlumotlar yangilandi: { $articles } ta maqola, ogohlantirishlar: { $warnings }.
admin-reload-failed = ❌ Maʼlumotlar yangilanmadi: xatolar: { $errors }. Oldingi versiya ishlayapti.
admin-stats =
    📊 <b>Soʻnggi { $days } kun</b>
    Ochilgan maslahatlar: { $opened }, yopilgan: { $closed } (inson maʼlumotlarini oʻchirgan: { $forgotten })
    Birinchi javobgacha mediana: { $median } daqiqa
    Hozir ochiq: { $roles }
    Tillar boʻyicha odamlar: { $languages }
    Baholar: { $ratings } (oʻrtacha { $average })
    Yaxshi javob topilmagan savollar: { $gaps }
cmd-broadcast = Hammaga eʼlon (administratorlar)
cmd-stats = Statistika (administratorlar)
cmd-reload = Maʼlumotnomani yangilash (administratorlar)
admin-help =
    🛠 <b>Administratorlar uchun</b>
    /broadcast — hammaga yoki bir tildagi odamlarga eʼlon
    /stats — 30 kunlik statistika
    /reload — maʼlumotnomani qayta ishga tushirmasdan yangilash
admin-stats-newest-gaps = 🆕 Yaxshi javob topilmagan yangi savollar (shaxsiy maʼlumotlar olib tashlangan):
