## Reach: listen, share, the printable guide.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

btn-listen = 🔊 Tinglash
btn-share = 📤 Ulashish
btn-listen-russian = 🔊 Tinglash (ruscha)
listen-no-voice = Sizning tilingizda hozircha ovoz yoʻq. Bu matnni rus tilida tinglashingiz mumkin.
listen-unavailable = 🔇 Ovozli tinglash hozir ishlamayapti. Keyinroq urinib koʻring.
share-text =
    📤 Bu xabarni doʻstingizga yoki hamyurtlaringiz guruhiga yuboring.
    Havola javobni mi-Help botida ochadi:
share-open = 📖 mi-Help botida ochish
share-inline = 💬 Chatga yuborish
inline-footer = Toʻliq javob mi-Help botida 👇

menu-guide = 📄 Chop etish uchun eslatma
cmd-guide = Chop etish uchun PDF eslatma
guide-caption = 📄 mi-Help eslatmasi: asosiy qoidalar, favqulodda raqamlar va Qozondagi manzillar. Uni chop etib olishingiz mumkin.
guide-title = Qozondagi mehnat muhojirlari uchun eslatma
guide-made = Tuzilgan sana: { DATETIME($date, dateStyle: "medium") }. Yangi qoidalarni botda tekshiring.
guide-scan-bot = Telefon kamerasini QR-kodga qarating — mi-Help boti ochiladi. Unda oʻz tilingizda javoblar bor. Yurist, shifokor yoki ijtimoiy xodimga anonim savol ham berishingiz mumkin.
guide-checklist = Birinchi 30 kun
guide-rules = Asosiy qoidalar
guide-emergency = Favqulodda raqamlar
guide-places = Qozonda qayerga murojaat qilish kerak
guide-scan-article = Batafsil maʼlumot botda
guide-scan-map = Xarita
guide-no-address = Manzil tasdiqlanmagan.
guide-approximate = Xaritadagi joy taxminiy: dastur manzil boʻyicha topgan, hali tekshirilmagan.
guide-how-to-find = Qanday topish mumkin:
guide-disclaimer = Bu umumiy maʼlumot, yurist yoki shifokor maslahati emas. Qoidalar oʻzgaradi: sanani tekshiring va botda maslahatchidan soʻrang.
