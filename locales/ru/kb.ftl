## Knowledge base: browsing, articles, free-text search.

menu-kb = 📚 Справка: права и документы
kb-categories-title = 📚 Выберите тему:
kb-cat-documents = 📄 Документы
kb-cat-work = 🧰 Работа
kb-cat-police = 👮 Полиция и безопасность
kb-cat-health = 🩺 Здоровье
kb-cat-life = 🏙 Жизнь в Казани
kb-category-title = { $category }. Выберите статью:
kb-page = { $page } / { $pages }
kb-sources = Источники:
kb-reviewed = Проверено: { DATETIME($date, dateStyle: "medium") }
kb-btn-more = 📖 Подробнее
kb-btn-sources = 📚 Источники
kb-disclaimer-legal = Это общая информация, а не юридическая консультация. Ваш случай может отличаться — спросите юриста.
kb-disclaimer-medical = Это общая информация, а не медицинская консультация. Если вам плохо — звоните 103 или 112, спросите врача.
kb-feedback-thanks = Спасибо за ответ!
kb-feedback-sorry = Жаль, что ответ не помог. Мы улучшим текст. Откройте меню, чтобы найти другой раздел.
kb-feedback-sorry-ask = Жаль, что ответ не помог. Мы улучшим текст. Спросите консультанта — это бесплатно и анонимно. Или откройте меню.

search-choices = 🔎 Возможно, вам нужно одно из этого:
search-nothing = 😔 Я не нашёл ответ на этот вопрос. Попробуйте написать иначе, короче, или выберите тему в меню.
search-nothing-ask = 😔 Я не нашёл ответ на этот вопрос. Попробуйте написать иначе, короче, или спросите врача или юриста — это бесплатно и анонимно.

admin-reload-ok = ✅ Справка обновлена: { $articles } статей, предупреждений: { $warnings }.
admin-reload-failed = ❌ Справка не обновлена: ошибок: { $errors }. Работает прежняя версия.
admin-stats =
    📊 <b>За { $days } дней</b>
    Консультаций открыто: { $opened }, закрыто: { $closed }
    Медиана до первого ответа: { $median } мин
    Открыты сейчас: { $roles }
    Люди по языкам: { $languages }
    Оценки: { $ratings } (в среднем { $average })
    Вопросов без хорошего ответа: { $gaps }
