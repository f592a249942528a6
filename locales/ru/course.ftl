## The orientation course.

menu-course = 🎓 Курс для новичков
cmd-course = Курс: первые недели в Казани
course-intro = 🎓 <b>Курс для новичков</b>: { $total } коротких уроков. Каждый — на 2 минуты, в конце 1–2 вопроса.
course-progress = 🎓 Вы остановились на уроке { $number } из { $total }.
course-finished-before = 🎓 Вы прошли все { $total } уроков. Можно повторить любой урок.
course-lesson-number = Урок { $number } из { $total }
course-question-number = Вопрос { $number } из { $total }
course-btn-start = ▶️ Начать
course-btn-continue = ▶️ Продолжить: { $title }
course-btn-restart = 🔄 Начать сначала
course-btn-summary = 🏁 Итоги
course-btn-quiz = 📝 Проверить себя
course-btn-next-lesson = ➡️ Следующий урок
course-right = ✅ Правильно!
course-wrong = ❌ Не совсем. Правильный ответ: { $answer }.
course-your-answer = Ваш ответ: { $answer }
course-summary =
    🏁 <b>Вы прошли курс!</b>
    Правильных ответов: { $correct } из { $answered }.

    Что вы узнали:
course-restarted = Курс начат заново.
