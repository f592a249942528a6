## Foundation: language, main menu, help, privacy, emergency numbers, hints.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

lang-picker-prompt = 🌐 Tilni tanlang
lang-saved = ✅ Til: oʻzbekcha. Tilni oʻzgartirish: /language
welcome-back = 👋 Yana xush kelibsiz!
welcome =
    👋 <b>mi-Help</b> — Qozondagi migrantlar uchun yordamchi: huquqlar, hujjatlar, ish, sogʻliq.
    Bepul va anonim: ismingiz va telefon raqamingizni soʻramaymiz.
    🆘 SOS tugmasi doim ekranning pastida: favqulodda raqamlar.

menu-title = 🏠 Asosiy menyu. Sizga keraklisini tanlang:
menu-sos = 🆘 Favqulodda raqamlar
menu-language = 🌐 Til
menu-help = ❓ Yordam
menu-privacy = 🔒 Maxfiylik

kbd-menu = 🏠 Menyu
kbd-sos = 🆘 SOS
kbd-placeholder = Savol yozing yoki tugmani bosing

btn-home = 🏠 Menyuga
btn-back = ⬅️ Orqaga

sos-text =
    🆘 <b>Favqulodda raqamlar</b> (bepul)

    <b>112</b> — yagona raqam. SIM-kartasiz va telefonda pul boʻlmasa ham ishlaydi.
    <b>101</b> — yongʻin, qutqaruvchilar.
    <b>102</b> — politsiya: sizga hujum qilishdi yoki sizga tahdid qilishyapti.
    <b>103</b> — tez yordam: odamning ahvoli juda yomon yoki u jarohat oldi.
    <b>104</b> — gaz hidi kelyapti.

    Qayerga qoʻngʻiroq qilishni bilmaysizmi? <b>112</b> raqamiga qoʻngʻiroq qiling. Manzilni ayting yoki joyni tushuntiring.

help-text =
    ❓ <b>Bu bot nima qila oladi</b>

    • Savolingizni oʻz soʻzlaringiz bilan, oʻz tilingizda yozing — bot javob topadi.
    • 📚 Maʼlumot: hujjatlar, ish, sogʻliq, Qozondagi hayot.
    • 💬 Yurist, shifokor yoki ijtimoiy xodimga anonim savol.
    • 🗺 Foydali joylar xaritasi. 🎓 Yangi kelganlar uchun qisqa kurs.
    • 🆘 Favqulodda raqamlar: /sos

    /language — tilni oʻzgartirish · /privacy — biz nimalarni saqlaymiz · /forget — maʼlumotlarimni oʻchirish · /notifications — eʼlonlar

    Bot bepul. U ismlar va telefon raqamlarini yigʻmaydi.

privacy-text =
    🔒 <b>Sizning maxfiyligingiz</b>

    • Biz ismingiz, foydalanuvchi nomingiz va telefon raqamingizni saqlamaymiz.
    • Bot sizga javob bera olishi uchun akkauntingizning shifrlangan raqamini va tanlagan tilingizni saqlaymiz.
    • Maslahatchilar kimligingizni koʻrmaydi. Ular faqat maslahat raqamini koʻradi, masalan #K7Q2.
    • Yopilgan maslahatlar { $retention_days ->
        [one] { $retention_days } kundan
       *[other] { $retention_days } kundan
    } keyin oʻchiriladi.
    • Agar botdan shu muddatdan uzoqroq foydalanmasangiz, siz haqingizdagi qolgan hamma narsani ham oʻchiramiz.
    • Javob topilmagan savollarni maʼlumotlarni yaxshilash uchun saqlaymiz. Ular siz bilan bogʻlanmaydi.
    • /forget siz haqingizdagi hamma narsani birdaniga oʻchiradi.
    • Agar maslahatchi sizni qoidabuzarlik uchun bloklagan boʻlsa, akkauntingizning faqat shifrlangan izini saqlaymiz, raqamini emas. Shuning uchun blok /forget dan keyin ham qoladi.

    Biz pasport raqamingiz va manzilingizni soʻramaymiz.
    Bu bot davlat xizmati emas. Uni notijorat tashkilot yuritadi.

cmd-start = Boshlash
cmd-menu = Asosiy menyu
cmd-sos = Favqulodda raqamlar
cmd-language = Tilni oʻzgartirish
cmd-help = Bot nima qila oladi
cmd-privacy = Maxfiylik

hint-unknown-command = 🤔 Bunday buyruq yoʻq. Menyuni oching:
hint-sticker = 🙂 Rahmat! Javob topish uchun menyuni oching yoki savolingizni soʻzlar bilan yozing.
hint-media = 📎 Bot bu faylni oʻqiy olmaydi. Savolingizni soʻzlar bilan yozing yoki menyuni oching.
hint-edited = ✏️ Bot faqat yangi xabarlarni koʻradi. Savolingizni qayta yuboring.
hint-use-menu = Menyuni oching va boʻlimni tanlang:

error-generic = 😔 Xatolik yuz berdi. Bir daqiqadan keyin yana urinib koʻring.
error-stale-button = Bu tugma eskirgan. Menyuni qaytadan oching: /menu
