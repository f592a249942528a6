## Knowledge base: browsing, articles, free-text search.

menu-kb = 📚 Help: rights and documents
kb-categories-title = 📚 Choose a topic:
kb-cat-documents = 📄 Documents
kb-cat-work = 🧰 Work
kb-cat-police = 👮 Police and safety
kb-cat-health = 🩺 Health
kb-cat-life = 🏙 Life in Kazan
kb-category-title = { $category }. Choose an article:
kb-page = { $page } / { $pages }
kb-sources = Sources:
kb-reviewed = Checked: { DATETIME($date, dateStyle: "medium") }
kb-btn-more = 📖 More
kb-btn-sources = 📚 Sources
kb-disclaimer-legal = This is general information, not legal advice. Your case may be different: ask a lawyer.
kb-disclaimer-medical = This is general information, not medical advice. If you feel very ill, call 103 or 112, and ask a doctor.
kb-disclaimer-legal-short = This is general information, not legal advice.
kb-disclaimer-medical-short = This is general information, not medical advice. If you feel very ill, call 103 or 112.
kb-feedback-thanks = Thank you for telling us!
kb-feedback-sorry = Sorry this did not help. We will improve the text. Open the menu to find another topic.
kb-feedback-sorry-ask = Sorry this did not help. We will improve the text. Ask a consultant: it is free and anonymous. Or open the menu.

search-choices = 🔎 Maybe you need one of these:
search-nothing = 😔 I did not find an answer to this question. Try other or fewer words, or choose a topic in the menu.
search-nothing-ask = 😔 I did not find an answer to this question. Try other or fewer words, or ask a doctor or a lawyer: it is free and anonymous.

admin-reload-ok = ✅ Help content updated: { $articles } articles, { $warnings } warnings.
admin-reload-failed = ❌ Help content NOT updated: { $errors } errors. The previous version stays live.
admin-stats =
    📊 <b>Last { $days } days</b>
    Consultations opened: { $opened }, closed: { $closed } (the person deleted their data: { $forgotten })
    Median time to first reply: { $median } min
    Open now: { $roles }
    People by language: { $languages }
    Ratings: { $ratings } (average { $average })
    Questions without a good answer: { $gaps }
cmd-broadcast = Announcement to everyone (admins)
cmd-stats = Statistics (admins)
cmd-reload = Reload the content (admins)
admin-help =
    🛠 <b>For administrators</b>
    /broadcast — an announcement to everyone or to the people of one language
    /stats — figures for 30 days
    /reload — reload the content without a restart
admin-stats-newest-gaps = 🆕 Newest questions without a good answer (personal details removed):
