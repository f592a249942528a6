## Knowledge base: browsing, articles, free-text search.
## Kyrgyz.

menu-kb = 📚 Маалымат: укук, документтер
kb-categories-title = 📚 Теманы тандаңыз:
kb-cat-documents = 📄 Документтер
kb-cat-work = 🧰 Иш
kb-cat-police = 👮 Полиция жана коопсуздук
kb-cat-health = 🩺 Ден соолук
kb-cat-life = 🏙 Казандагы жашоо
kb-category-title = { $category }. Макаланы тандаңыз:
kb-page = { $page } / { $pages }
kb-sources = Булактар:
kb-reviewed = Текшерилди: { DATETIME($date, dateStyle: "medium") }
kb-disclaimer-legal = Бул жалпы маалымат, юристтин кеңеши эмес. Сиздин абалыңыз башкача болушу мүмкүн — юристтен сураңыз.
kb-disclaimer-medical = Бул жалпы маалымат, дарыгердин кеңеши эмес. Абалыңыз начар болсо — 103 же 112 номерине чалыңыз, дарыгерден сураңыз.
kb-feedback-thanks = Жообуңуз үчүн рахмат!
kb-feedback-sorry = Жооп жардам бербегенине өкүнөбүз. Текстти жакшыртабыз. Башка бөлүмдү табуу үчүн менюну ачыңыз.

search-choices = 🔎 Балким, сизге булардын бири керектир:
search-nothing = 😔 Бул суроого жооп таба албадым. Башкача же кыскараак жазып көрүңүз, же менюдан теманы тандаңыз.

admin-reload-ok = ✅ Маалымат жаңыланды: { $articles } макала, эскертүүлөр: { $warnings }.
admin-reload-failed = ❌ Маалымат жаңыланган жок: каталар: { $errors }. Мурунку версия иштеп жатат.
admin-stats =
    📊 <b>Акыркы { $days } күн</b>
    Кеңештер ачылды: { $opened }, жабылды: { $closed }
    Биринчи жоопко чейинки медиана: { $median } мүнөт
    Азыр ачык: { $roles }
    Тилдер боюнча адамдар: { $languages }
    Баалар: { $ratings } (орточо { $average })
    Жакшы жообу жок суроолор: { $gaps }
