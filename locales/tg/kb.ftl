## Knowledge base: browsing, articles, free-text search.
## Tajik.

menu-kb = 📚 Маълумот: ҳуқуқ ва ҳуҷҷатҳо
kb-categories-title = 📚 Мавзӯъро интихоб кунед:
kb-cat-documents = 📄 Ҳуҷҷатҳо
kb-cat-work = 🧰 Кор
kb-cat-police = 👮 Политсия ва бехатарӣ
kb-cat-health = 🩺 Саломатӣ
kb-cat-life = 🏙 Зиндагӣ дар Қазон
kb-category-title = { $category }. Мақоларо интихоб кунед:
kb-page = { $page } / { $pages }
kb-sources = Манбаъҳо:
kb-reviewed = Санҷида шуд: { DATETIME($date, dateStyle: "medium") }
kb-disclaimer-legal = Ин маълумоти умумӣ аст, на машварати ҳуқуқшинос. Ҳолати шумо метавонад дигар бошад — аз ҳуқуқшинос пурсед.
kb-disclaimer-medical = Ин маълумоти умумӣ аст, на машварати духтур. Агар аҳволатон бад бошад — ба 103 ё 112 занг занед, аз духтур пурсед.
kb-feedback-thanks = Ташаккур барои ҷавобатон!
kb-feedback-sorry = Афсӯс, ки ҷавоб кӯмак накард. Мо матнро беҳтар мекунем. Барои ёфтани бахши дигар менюро кушоед.

search-choices = 🔎 Шояд ба шумо яке аз инҳо лозим аст:
search-nothing = 😔 Ман ба ин савол ҷавоб наёфтам. Бо калимаҳои дигар ё кӯтоҳтар нависед, ё мавзӯъро дар меню интихоб кунед.

admin-reload-ok = ✅ Маълумот нав карда шуд: { $articles } мақола, огоҳиҳо: { $warnings }.
admin-reload-failed = ❌ Маълумот нав карда нашуд: хатоҳо: { $errors }. Версияи пештара кор мекунад.
admin-stats =
    📊 <b>{ $days } рӯзи охир</b>
    Машваратҳо кушода шуданд: { $opened }, баста шуданд: { $closed }
    Медианаи вақт то ҷавоби аввал: { $median } дақиқа
    Ҳоло кушодаанд: { $roles }
    Одамон аз рӯи забон: { $languages }
    Баҳоҳо: { $ratings } (ба ҳисоби миёна { $average })
    Саволҳо бе ҷавоби хуб: { $gaps }
