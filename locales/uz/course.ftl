## The orientation course.
## Uzbek, Latin script. The uz-Cyrl locale is derived from this file.

menu-course = 🎓 Yangi kelganlar uchun kurs
cmd-course = Kurs: Qozondagi birinchi haftalar
course-intro = 🎓 <b>Yangi kelganlar uchun kurs</b>: { $total } ta qisqa dars. Har biri 2 daqiqalik, oxirida 1–2 ta savol.
course-progress = 🎓 Siz { $number }-darsda toʻxtadingiz (jami { $total } ta dars).
course-finished-before = 🎓 Siz barcha { $total } ta darsni oʻtdingiz. Istalgan darsni takrorlash mumkin.
course-lesson-number = Dars { $number } / { $total }
course-question-number = Savol { $number } / { $total }
course-btn-start = ▶️ Boshlash
course-btn-continue = ▶️ Davom etish: { $title }
course-btn-restart = 🔄 Boshidan boshlash
course-btn-summary = 🏁 Natijalar
course-btn-quiz = 📝 Oʻzingizni tekshiring
course-btn-next-lesson = ➡️ Keyingi dars
course-right = ✅ Toʻgʻri!
course-wrong = ❌ Unchalik toʻgʻri emas. Toʻgʻri javob: { $answer }.
course-your-answer = Sizning javobingiz: { $answer }
course-summary =
    🏁 <b>Siz kursni tugatdingiz!</b>
    Toʻgʻri javoblar: { $answered } ta savoldan { $correct } ta.

    Nimalarni bilib oldingiz:
course-restarted = Kurs qaytadan boshlandi.
