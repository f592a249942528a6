## The orientation course.
## Kyrgyz.

menu-course = 🎓 Жаңы келгендер үчүн курс
cmd-course = Курс: Казандагы алгачкы жумалар
course-intro = 🎓 <b>Жаңы келгендер үчүн курс</b>: { $total } кыска сабак. Ар бири 2 мүнөттүк, аягында 1–2 суроо.
course-progress = 🎓 Сиз { $number }-сабакта токтогонсуз (бардыгы { $total } сабак).
course-finished-before = 🎓 Сиз бардык { $total } сабакты өттүңүз. Каалаган сабакты кайталасаңыз болот.
course-lesson-number = Сабак { $number } / { $total }
course-question-number = Суроо { $number } / { $total }
course-btn-start = ▶️ Баштоо
course-btn-continue = ▶️ Улантуу: { $title }
course-btn-restart = 🔄 Башынан баштоо
course-btn-summary = 🏁 Жыйынтыктар
course-btn-quiz = 📝 Өзүңүздү текшериңиз
course-btn-next-lesson = ➡️ Кийинки сабак
course-right = ✅ Туура!
course-wrong = ❌ Толук туура эмес. Туура жооп: { $answer }.
course-your-answer = Сиздин жообуңуз: { $answer }
course-summary =
    🏁 <b>Сиз курсту бүтүрдүңүз!</b>
    Туура жооптор: { $answered } суроодон { $correct }.

    Эмнелерди билдиңиз:
course-restarted = Курс башынан башталды.
