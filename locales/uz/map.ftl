## The guide map of Kazan.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

menu-map = 🗺 Xarita: qayerga borish
cmd-map = Qozondagi foydali joylar
map-title = 🗺 Qozondagi foydali joylar. Nima qidiryapsiz? Tanlang:
map-category-title = { $category }. Joyni tanlang:
map-cat-migration = 🏢 Migratsiya xizmatlari
map-cat-medical-exam = 🩺 Tibbiy koʻrik
map-cat-fingerprinting = 🖐 Daktiloskopiya
map-cat-hiv = 🧪 OIVga test
map-cat-sti = 🩺 Teri-tanosil dispanseri
map-cat-hospital = 🏥 Shifoxonalar
map-cat-consulate = 🏳️ Konsulliklar
map-cat-ngo = 🤝 Yordam va jamoalar
map-cat-legal-aid = ⚖️ Bepul yuridik yordam
map-cat-labour-inspection = 🧰 Mehnat inspeksiyasi
map-cat-ombudsman = 🛡 Inson huquqlari boʻyicha vakil
map-nearest = 📍 Menga nima yaqinroq?
map-share-location = 📍 Qayerdaligimni yuborish
map-cancel = ❌ Bekor qilish
map-ask-location = Pastdagi «📍 Qayerdaligimni yuborish» tugmasini bosing. Biz buni bir marta ishlatamiz va saqlamaymiz.
map-cancelled = Yaxshi, bekor qilindi.
map-location-not-stored = 🔒 Qayerdaligingiz saqlanmadi.
map-near-title = 📍 Eng yaqin joylar:
map-near-none = Bu joylarning xaritadagi aniq nuqtalari bizda hozircha yoʻq. Shuning uchun masofani hisoblab boʻlmaydi.
map-near-addresses = Mana bu joylar. Manzilni koʻrish uchun birini oching:
map-distance-m = { $metres } m
map-distance-km = { NUMBER($km, maximumFractionDigits: 1) } km
map-no-address = manzil tasdiqlanmagan — qanday aniqlashni quyida qarang
map-no-point = Xaritada nuqta yoʻq: quyidagi tugmalar bu manzilni xaritalardan qidiradi.
map-bring = Oʻzingiz bilan oling:
map-open-yandex = Yandex Xaritalar
map-open-2gis = 2GIS
map-open-osm = OSM
