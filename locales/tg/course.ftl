## The orientation course.
## Tajik.

menu-course = 🎓 Курс барои навомадагон
cmd-course = Курс: ҳафтаҳои аввал дар Қазон
course-intro = 🎓 <b>Курс барои навомадагон</b>: { $total } дарси кӯтоҳ. Ҳар дарс 2 дақиқа, дар охир 1–2 савол.
course-progress = 🎓 Шумо дар дарси { $number } аз { $total } истодед.
course-finished-before = 🎓 Шумо ҳамаи { $total } дарсро гузаштед. Ҳар дарсро такрор кардан мумкин.
course-lesson-number = Дарси { $number } аз { $total }
course-question-number = Саволи { $number } аз { $total }
course-btn-start = ▶️ Оғоз кардан
course-btn-continue = ▶️ Идома: { $title }
course-btn-restart = 🔄 Аз нав оғоз кардан
course-btn-summary = 🏁 Натиҷаҳо
course-btn-quiz = 📝 Худро санҷед
course-btn-next-lesson = ➡️ Дарси навбатӣ
course-right = ✅ Дуруст!
course-wrong = ❌ Пурра дуруст нест. Ҷавоби дуруст: { $answer }.
course-your-answer = Ҷавоби шумо: { $answer }
course-summary =
    🏁 <b>Шумо курсро тамом кардед!</b>
    Ҷавобҳои дуруст: { $correct } аз { $answered }.

    Шумо чиро омӯхтед:
course-restarted = Курс аз нав оғоз шуд.
